import { evaluateMesh, MeshEvaluation } from '../../../report/workloadReports';
import { AnalyzedObject, AnalyzerContext } from '../../types';

// The project's analyzers share one evaluation of the objects per run:
// `context.all()` returns the same array to every analyzer of a run.
const evaluations = new WeakMap<AnalyzedObject[], MeshEvaluation>();

/** The workloads of the analyzed objects, evaluated once per run. */
export function meshEvaluationOf(context: AnalyzerContext): MeshEvaluation {
  const objects = context.all();
  let evaluation = evaluations.get(objects);
  if (!evaluation) {
    evaluation = evaluateMesh(
      objects.map(entry => entry.object),
      { meshSettings: context.meshSettings },
    );
    evaluations.set(objects, evaluation);
  }
  return evaluation;
}

/** The analyzed object of a workload: its controller, or its bare pod. */
export function workloadObjectOf(
  context: AnalyzerContext,
  workload: { kind: string; namespace: string; name: string },
): AnalyzedObject | undefined {
  return context
    .all()
    .find(
      ({ object }) =>
        object.kind === workload.kind &&
        (object.metadata.namespace ?? '') === workload.namespace &&
        object.metadata.name === workload.name,
    );
}
