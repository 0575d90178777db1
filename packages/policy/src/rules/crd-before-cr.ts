import { LAYERS, type Layer } from '@strata/core';
import { objectId } from '@strata/validate';
import { apiGroup, at, layerOfFile, str } from '../objects.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * API groups whose CRDs are not rendered as objects but arrive with a layer's
 * sync: an operator creates them at start-up, or a chart installs them. Their
 * custom resources must sit in a later layer than the one that brings the CRDs.
 */
export const KNOWN_CRD_LAYERS: Readonly<Record<string, { readonly layer: Layer; readonly by: string }>> = {
  'cilium.io': { layer: 'controllers', by: 'the Cilium operator' },
};

const order = (layer: Layer): number => LAYERS.indexOf(layer);

export const crdBeforeCr: Rule = {
  id: 'crd-before-cr',
  severity: 'error',
  title: 'CRDs reach the cluster before their custom resources',
  rationale:
    'The API server rejects a custom resource whose CRD is not established yet, and the whole layer fails to apply. Layers sync in order (crds, controllers, config), so a custom resource must live in a later layer than whatever brings its CRD.',
  hint: 'move the custom resource to a later layer (chart.layer(\'config\') for resources of operators installed in controllers)',
  check(ctx) {
    const out: Violation[] = [];
    // `group/Kind` → the CRD object that defines it.
    const crds = new Map<string, { layer: Layer | undefined; id: string }>();
    for (const o of ctx.objects) {
      if (o.obj.kind !== 'CustomResourceDefinition' || apiGroup(o.obj.apiVersion) !== 'apiextensions.k8s.io') continue;
      const group = str(at(o.obj, ['spec', 'group']));
      const kind = str(at(o.obj, ['spec', 'names', 'kind']));
      if (group !== undefined && kind !== undefined) crds.set(`${group}/${kind}`, { layer: layerOfFile(o.file), id: objectId(o.obj) });
    }
    for (const object of ctx.objects) {
      const layer = layerOfFile(object.file);
      if (layer === undefined) continue; // outside the layers: the compiler reports that (OBJECT_OUTSIDE_LAYER)
      const group = apiGroup(object.obj.apiVersion);
      const crd = crds.get(`${group}/${object.obj.kind}`);
      if (crd !== undefined) {
        if (crd.layer !== undefined && order(layer) <= order(crd.layer)) {
          out.push({ object, message: `${object.obj.kind} is in layer ${layer}, but its ${crd.id} is in layer ${crd.layer}: it must come in a later layer` });
        }
        continue;
      }
      const known = Object.hasOwn(KNOWN_CRD_LAYERS, group) ? KNOWN_CRD_LAYERS[group] : undefined;
      if (known !== undefined && order(layer) <= order(known.layer)) {
        out.push({ object, message: `${object.obj.kind} is in layer ${layer}, but its CRD is created by ${known.by} in layer ${known.layer}: it must come in a later layer` });
      }
    }
    return out;
  },
};
