import { readFileSync } from 'fs';
import { resolve } from 'path';
import YAML from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The example catalog (`examples/catalog/online-boutique.yaml`), parsed. */
export const exampleEntities: Entity[] = YAML.parseAllDocuments(
  readFileSync(
    resolve(__dirname, '../../../../examples/catalog/online-boutique.yaml'),
    'utf8',
  ),
).map(doc => doc.toJSON() as Entity);

/** Its Components: one per boutique service. */
export const exampleComponents: Entity[] = exampleEntities.filter(
  e => e.kind === 'Component',
);
