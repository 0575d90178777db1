import { compareStrings, type Layer, LAYERS } from '@strata/core';

/** Minimal shape of a rendered Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * Apply order of kinds inside one folder (what Helm and kustomize do): things
 * others refer to first. Kinds not listed come after, alphabetically.
 */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'HelmRelease',
  'Kustomization',
  'AppProject',
  'Application',
  'ApplicationSet',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Orders objects by kind rank, kind, namespace, then name. */
export function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareStrings(a.metadata.name, b.metadata.name)
  );
}

/** Orders folders: the three layers in apply order, then the engine folder. */
export function folderRank(folder: string): number {
  const i = (LAYERS as readonly string[]).indexOf(folder);
  return i < 0 ? LAYERS.length : i;
}

/**
 * File name of one object: `<kind>-<name>.yaml`, or `<kind>-<namespace>-<name>.yaml`
 * for namespaced objects; lower-case.
 */
export function objectFileName(obj: K8sObject): string {
  const parts = [obj.kind, obj.metadata.namespace, obj.metadata.name].filter((p) => p !== undefined && p !== '');
  return `${parts.join('-').toLowerCase()}.yaml`;
}

/** Relative path of an object inside the cluster folder. */
export function objectPath(folder: Layer | string, component: string | undefined, obj: K8sObject): string {
  return [folder, component, objectFileName(obj)].filter((p) => p !== undefined).join('/');
}

/** kustomization.yaml for a folder: every object file under it, in apply order. */
export function kustomizationFor(resources: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources],
  };
}
