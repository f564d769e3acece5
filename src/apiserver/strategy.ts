/**
 * Per-kind server behaviour, the way the apiserver's registry strategies split it:
 * defaulting, allocation (BeginCreate/BeginUpdate), validation. The generic create/update
 * flow in `apiserver/objects.ts` calls these in the apiserver's order.
 */
import type { KObject } from '../api/resources.js';
import type { Cluster } from '../store/cluster-state.js';
import type { FieldError } from './field-errors.js';

export interface Strategy {
  /** Server defaults (SetDefaults_<Kind>) and clearing of fields the client may not set (e.g. status). */
  prepareForCreate?(obj: KObject, cluster: Cluster): void;
  /** On update: carry over what the client may not change (status, allocated fields) and default. */
  prepareForUpdate?(obj: KObject, old: KObject, cluster: Cluster): void;
  /**
   * Allocation before validation (Service ClusterIP / NodePort). Throws an ApiError (422 Invalid)
   * on allocation failure — reported instead of field errors, as the apiserver does.
   */
  beginCreate?(obj: KObject, cluster: Cluster): void;
  beginUpdate?(obj: KObject, old: KObject, cluster: Cluster): void;
  validateCreate(obj: KObject, cluster: Cluster): FieldError[];
  validateUpdate(obj: KObject, old: KObject, cluster: Cluster): FieldError[];
}
