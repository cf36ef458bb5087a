import type { Child } from 'hono/jsx';
import { jstText } from '../../kernel/time/jst-format';
import type { PageContext } from './page-context';

export const NAV = [
  { path: '/now', label: 'Now' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/hosts', label: 'Hosts' },
  { path: '/audit', label: 'Audit' },
  { path: '/probes', label: 'Probes' },
  { path: '/cdn', label: 'CDN' },
  { path: '/orgs', label: 'Orgs' },
  { path: '/silences', label: 'Silences' },
] as const;

export type NavPath = (typeof NAV)[number]['path'];

export function Layout(props: { ctx: PageContext; title: string; active: NavPath | null; children?: Child }) {
  const { ctx } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · MSP console`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/htmx.min.js" defer />
      </head>
      <body>
        <header class="top">
          <span class="brand">MSP console</span>
          <nav>
            {NAV.map((item) => (
              <a href={item.path} class={item.path === props.active ? 'active' : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
          <span class="who" data-testid="identity">
            {ctx.identity.email} ({ctx.role})
          </span>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer>Rendered {jstText(ctx.now)}</footer>
      </body>
    </html>
  );
}

/** A 4xx (or 503) page that names what was wrong, e.g. the query parameter and its problem. */
export function ProblemPage(props: { status: number; title: string; problems: readonly string[] }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{`${props.status} ${props.title} · MSP console`}</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <main>
          <h1>
            {props.status} {props.title}
          </h1>
          <ul class="problems" data-testid="problems">
            {props.problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
          <p>
            <a href="/now">Back to the console</a>
          </p>
        </main>
      </body>
    </html>
  );
}
