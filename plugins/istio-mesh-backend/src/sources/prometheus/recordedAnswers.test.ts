import { readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { istioQueries } from './istioQueries';
import {
  BOUTIQUE_TRAFFIC,
  istioOpenMetrics,
} from './__testUtils__/istioTraffic';
import {
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/testPrometheus';

jest.setTimeout(60_000);

// The demo backend serves these answers to the example app's Prometheus
// source. They must be what a real Prometheus answers over the boutique's
// traffic; RECORD_DEMO_ANSWERS=1 rewrites them after the queries change
// (then run prettier on the file: the comparison is of the parsed JSON).
const ANSWERS = resolve(
  __dirname,
  '../../../../../examples/runtime/prometheus-answers.json',
);
const END = new Date('2026-12-01T12:00:00Z');

type Answer = {
  status: string;
  data: { resultType: string; result: Array<{ metric: object }> };
};

const sorted = (answer: Answer): Answer => ({
  status: answer.status,
  data: {
    resultType: answer.data.resultType,
    result: [...answer.data.result].sort((a, b) =>
      JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)),
    ),
  },
});

let prometheus: TestPrometheus;
beforeAll(async () => {
  prometheus = await startTestPrometheus(
    istioOpenMetrics(BOUTIQUE_TRAFFIC, END.getTime() / 1000),
  );
});
afterAll(() => prometheus?.stop());

it('the demo answers are what a real Prometheus answers over the boutique', async () => {
  const answers: Record<string, Answer> = {};
  for (const query of Object.values(istioQueries('5m'))) {
    const response = await fetch(`${prometheus.url}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({
        query,
        time: String(END.getTime() / 1000),
      }),
    });
    // Parsed in this realm, to compare with the file's.
    answers[query] = sorted(JSON.parse(await response.text()));
  }
  if (process.env.RECORD_DEMO_ANSWERS === '1') {
    writeFileSync(ANSWERS, `${JSON.stringify(answers, null, 2)}\n`);
  }
  expect(JSON.parse(readFileSync(ANSWERS, 'utf8'))).toStrictEqual(answers);
});
