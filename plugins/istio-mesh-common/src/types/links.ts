/**
 * A deep link from an entity into an observability tool of the mesh.
 *
 * @public
 */
export interface EntityLink {
  kind: 'kiali' | 'grafana' | 'jaeger';
  /** What the link opens, e.g. `Kiali graph of boutique`. */
  title: string;
  url: string;
}
