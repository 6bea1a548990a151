import type { Rule } from './rule.js';
import { faults } from './faults.js';

/** docs/rules/<id>.md and docs/rules/README.md, generated from rule metadata only. */
export function ruleDocs(rules: readonly Rule[]): Map<string, string> {
  const out = new Map<string, string>();
  const catalog = faults();
  for (const { meta } of rules) {
    const fault = catalog.get(meta.fault);
    out.set(
      `${meta.id}.md`,
      [
        `# ${meta.id}`,
        '',
        `**${meta.title}**`,
        '',
        `| fault | severity | needs | tags |`,
        `| --- | --- | --- | --- |`,
        `| [${meta.fault}${fault ? ` ${fault.title}` : ''}](../faults.md) | ${meta.severity} | ${meta.needs.join(', ')} | ${(meta.tags ?? []).join(', ')} |`,
        '',
        '## Why',
        '',
        meta.why,
        '',
        '## Fix',
        '',
        fence(meta.fix),
        '',
        '## Verify',
        '',
        '```sh',
        meta.verify,
        '```',
        '',
        '## Suppress',
        '',
        suppressHelp(meta.id, meta.needs),
        '',
        '<!-- generated from the rule metadata by `npm run docs`; do not edit -->',
        '',
      ].join('\n'),
    );
  }
  const index = [
    '# kubewhy rules',
    '',
    '| rule | fault | severity | title |',
    '| --- | --- | --- | --- |',
    ...rules.map(({ meta }) => `| [${meta.id}](${meta.id}.md) | ${meta.fault} | ${meta.severity} | ${meta.title} |`),
    '',
    '<!-- generated from the rule metadata by `npm run docs`; do not edit -->',
    '',
  ];
  out.set('README.md', index.join('\n'));
  return out;
}

/** Multi-line fixes are snippets (YAML/Dockerfile); one-liners read better as prose. */
function fence(text: string): string {
  if (!text.includes('\n')) return text;
  const [first, ...rest] = text.split('\n');
  return `${first}\n\n\`\`\`\n${rest.join('\n')}\n\`\`\``;
}

function suppressHelp(id: string, needs: readonly string[]): string {
  const lines = [`- \`.kubewhy.yaml\`: \`rules: { ${id}: off }\``];
  if (needs.includes('manifests')) lines.push(`- on the object or pod template: \`metadata.annotations: { kubewhy.dev/ignore: "${id}" }\` (one container: \`kubewhy.dev/ignore.<container>\`)`);
  if (needs.includes('dockerfile')) lines.push(`- in the Dockerfile, on the line before the instruction: \`# kubewhy:ignore ${id}\``);
  return lines.join('\n');
}
