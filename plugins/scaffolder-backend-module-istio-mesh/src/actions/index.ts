import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Every `istio:*` scaffolder action of this module. The actions (one per
 * file beside this one) are still to be written; the module is wired into
 * the backend so that they appear as they land.
 *
 * @public
 */
export function createIstioMeshActions(): TemplateAction<any, any, any>[] {
  return [];
}
