import type { ReactNode } from 'react';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { Problem } from '../../../components/Problem';
import type { ChartSectionQueries } from '../chart-queries';
import { chartSectionNames, chartSections, type ChartSectionName } from '../chart-sections';
import { summarizeSection } from '../chart-summary';

export function ChartSummary({ sections }: { sections: ChartSectionQueries }): ReactNode {
  const loading = chartSectionNames.some((name) => sections[name].isPending);
  return (
    <section className="card" aria-labelledby="chart-heading" aria-busy={loading}>
      <h2 id="chart-heading">What Lantern read</h2>
      <ErrorBoundary>
        <dl className="facts">
          {chartSectionNames.map((name) => (
            <SectionRow key={name} name={name} query={sections[name]} />
          ))}
        </dl>
      </ErrorBoundary>
    </section>
  );
}

function SectionRow<N extends ChartSectionName>({ name, query }: { name: N; query: ChartSectionQueries[N] }): ReactNode {
  const label = chartSections[name].label;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {query.isPending ? 'Reading…' : null}
        {query.isError ? <Problem error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.isSuccess ? summarizeSection(name, query.data) : null}
      </dd>
    </>
  );
}
