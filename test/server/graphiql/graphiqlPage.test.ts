import { GRAPHIQL_CONTENT_SECURITY_POLICY, renderGraphiqlPage } from '../../../src/server/graphiql/graphiqlPage';

describe('renderGraphiqlPage()', () => {
  const links = { stylesheet: 'graphiql/aaaa/graphiql.min.css', scripts: ['graphiql/bbbb/react.js', 'graphiql/cccc/boot.js'] };

  it('links the stylesheet and the scripts in order, deferred, and has no inline script', () => {
    const html = renderGraphiqlPage(links, { tabs: [], newTabQuery: '' });
    expect(html).toContain('<link rel="stylesheet" href="graphiql/aaaa/graphiql.min.css">');
    expect([...html.matchAll(/<script defer src="([^"]+)"><\/script>/g)].map((match) => match[1])).toEqual(links.scripts);
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1])).toEqual([' type="application/json" id="graphiql-config"']);
  });

  it('carries the configuration as JSON that no text can break out of', () => {
    const config = { tabs: [{ query: '# </script><script>alert(1)</script>\n{ __typename }', variables: '{"a":"<!--"}' }], newTabQuery: '{ x }' };
    const html = renderGraphiqlPage(links, config);
    const block = /<script type="application\/json" id="graphiql-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(block).not.toContain('<');
    expect(JSON.parse(block ?? '')).toEqual(config);
    expect(html.match(/<\/script>/g)).toHaveLength(links.scripts.length + 1);
  });

  it('has a policy that allows this origin only, and no eval', () => {
    expect(GRAPHIQL_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(GRAPHIQL_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(GRAPHIQL_CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(GRAPHIQL_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
