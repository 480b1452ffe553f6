// @ts-check

/**
 * A content hash per entity state, so that a refresh rewrites only the
 * entities whose state changed, and the generation time of the refresh that
 * last confirmed an unchanged state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('istio_mesh_entity_state', table => {
    table
      .string('content_hash', 64)
      .nullable()
      .comment(
        'sha256 of the state without its generation time and source ages',
      );
    table
      .string('generated_at', 32)
      .nullable()
      .comment(
        'generatedAt of the latest refresh that computed this state, ISO',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('istio_mesh_entity_state', table => {
    table.dropColumn('content_hash');
    table.dropColumn('generated_at');
  });
};
