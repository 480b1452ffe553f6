// @ts-check

/**
 * Compliance columns on the entity state, so the compliance list and summary
 * filter and count without reading whole states.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('istio_mesh_entity_state', table => {
    table.text('criteria').nullable().comment('criterion id -> status, JSON');
    table
      .text('namespaces')
      .nullable()
      .comment('Kubernetes namespaces of the workloads, JSON array');
    table
      .text('clusters')
      .nullable()
      .comment('clusters of the workloads, JSON array');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('istio_mesh_entity_state', table => {
    table.dropColumn('criteria');
    table.dropColumn('namespaces');
    table.dropColumn('clusters');
  });
};
