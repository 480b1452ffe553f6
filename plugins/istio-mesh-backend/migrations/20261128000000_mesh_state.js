// @ts-check

/**
 * Stored mesh state: the latest state of every entity, and one compliance
 * row per entity and day.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('istio_mesh_entity_state', table => {
    table.comment('Latest mesh state of each catalog entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('level', 16).notNullable();
    table.text('state').notNullable().comment('EntityMeshState as JSON');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('istio_mesh_compliance_history', table => {
    table.comment('Daily compliance of each catalog entity');
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.string('level', 16).notNullable();
    table
      .text('criteria')
      .notNullable()
      .comment('criterion id -> status, JSON');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'day']);
    table.index(['day'], 'istio_mesh_compliance_history_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('istio_mesh_compliance_history');
  await knex.schema.dropTable('istio_mesh_entity_state');
};
