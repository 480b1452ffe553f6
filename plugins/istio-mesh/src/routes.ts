import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The compliance page's route, at `/istio-mesh` in the example app. The
 * new frontend system uses the same ref, converted.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'istio-mesh' });
