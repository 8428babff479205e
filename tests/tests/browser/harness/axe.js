// Runs axe-core (injected before by Browser::snapshot) on the page with the WCAG 2.1 A and AA
// rules, and hands back each violation with the elements it was found on.
const done = arguments[arguments.length - 1];
const options = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};
axe.run(document, options).then(
  (results) => done({
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      url: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.flat().join(' '), html: n.html, summary: n.failureSummary })),
    })),
  }),
  (error) => done({ error: String(error) }),
);
