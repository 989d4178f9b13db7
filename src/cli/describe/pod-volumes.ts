// The `Volumes:` section of a pod's description: one block per volume with its source type in
// kubectl's words (EmptyDir, HostPath, ConfigMap, Secret, Projected with the service-account
// token, DownwardAPI, ...), `<unknown>` for sources kubectl has no printer for here.
import type { ProjectedVolumeSource, Volume } from 'kubernetes-types/core/v1';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer';
import { quantityText, toQuantity } from './resource-lists';

export function describeVolumes(volumes: Volume[] | undefined, w: PrefixWriter): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volumes:\n');
  for (const v of volumes) {
    w.write(LEVEL_1, `${v.name}:\n`);
    const source = volumeSourceText(v);
    if (source === undefined) w.write(LEVEL_1, '<unknown>\n');
    else w.write(LEVEL_2, source);
    if (v.projected) describeProjectedSources(v.projected, w);
    if (v.downwardAPI) {
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    }
    if (v.csi) describeCsiAttributes(v.csi.volumeAttributes, w);
  }
}

/** Continuation lines of a volume block carry their own four-space indent, as kubectl writes them. */
const lines = (first: string, ...rest: Array<[string, unknown]>): string =>
  `${first}\n${rest.map(([k, val]) => `    ${k}:\t${String(val)}\n`).join('')}`;

function volumeSourceText(v: Volume): string | undefined {
  if (v.hostPath) {
    return lines('Type:\tHostPath (bare host directory volume)', ['Path', v.hostPath.path], ['HostPathType', v.hostPath.type ?? '<none>']);
  }
  if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit;
    const size = limit !== undefined && toQuantity(limit as string | number).unscaled > 0n ? quantityText(limit as string | number) : '<unset>';
    return lines('Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)', ['Medium', v.emptyDir.medium ?? ''], ['SizeLimit', size]);
  }
  if (v.gitRepo) {
    return lines('Type:\tGitRepo (a volume that is pulled from git when the pod is created)', ['Repository', v.gitRepo.repository], ['Revision', v.gitRepo.revision ?? '']);
  }
  if (v.secret) {
    return lines('Type:\tSecret (a volume populated by a Secret)', ['SecretName', v.secret.secretName ?? ''], ['Optional', v.secret.optional === true]);
  }
  if (v.configMap) {
    return lines('Type:\tConfigMap (a volume populated by a ConfigMap)', ['Name', v.configMap.name ?? ''], ['Optional', v.configMap.optional === true]);
  }
  if (v.nfs) {
    return lines('Type:\tNFS (an NFS mount that lasts the lifetime of a pod)', ['Server', v.nfs.server], ['Path', v.nfs.path], ['ReadOnly', v.nfs.readOnly === true]);
  }
  if (v.persistentVolumeClaim) {
    return lines('Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
      ['ClaimName', v.persistentVolumeClaim.claimName], ['ReadOnly', v.persistentVolumeClaim.readOnly === true]);
  }
  if (v.downwardAPI) return 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n';
  if (v.projected) return 'Type:\tProjected (a volume that contains injected data from multiple sources)\n';
  if (v.csi) {
    return lines('Type:\tCSI (a Container Storage Interface (CSI) volume source)', ['Driver', v.csi.driver], ['FSType', v.csi.fsType ?? ''], ['ReadOnly', v.csi.readOnly === true]);
  }
  return undefined;
}

/**
 * kubectl prints the `optional` pointers of projected sources with %v, which shows `<nil>` when
 * unset and a memory address when set; the address cannot be reproduced, so a set value prints
 * as true/false.
 */
const pointerText = (v: boolean | undefined): string => (v === undefined || v === null ? '<nil>' : String(v));

function describeProjectedSources(p: ProjectedVolumeSource, w: PrefixWriter): void {
  for (const s of p.sources ?? []) {
    if (s.secret) {
      w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${pointerText(s.secret.optional)}\n`);
    } else if (s.downwardAPI) {
      w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
    } else if (s.configMap) {
      w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${pointerText(s.configMap.optional)}\n`);
    } else if (s.serviceAccountToken) {
      w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  }
}

function describeCsiAttributes(attrs: Record<string, string> | undefined, w: PrefixWriter): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = Object.keys(attrs ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_2, '\t');
    const line = `${k}=${attrs![k]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}
