import type { Construct } from 'constructs';
import type { ObjectModel } from '@strata/core';
import { addObject } from '@strata/core/chart';

/**
 * `addObject` for kubernetes-models classes: they type `toJSON()` as
 * `unknown`, which core's `ObjectModel` does not accept. The classes always
 * serialize to apiVersion/kind/metadata, and addObject checks the name.
 */
export function addModel(scope: Construct, model: { toJSON(): unknown }): void {
  addObject(scope, model as ObjectModel);
}
