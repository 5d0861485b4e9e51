import type { Page, Request } from 'playwright-core';

/**
 * The browser globals the page functions below use: this project compiles without the DOM library. Page
 * functions are passed as functions, never as strings: the page's CSP forbids `eval`, which string predicates need.
 */
declare const document: { querySelector(selector: string): any };

/** The CodeMirror elements of the two editors (CodeMirror 5 hangs its instance on its element as `.CodeMirror`). */
const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const RESULT_EDITOR = '.result-window .CodeMirror';

/** GraphiQL 3 as a user drives it, through its visible controls (CSS classes and ARIA names of graphiql 3.9). */
export class GraphiqlUi {
  private constructor(readonly page: Page) {}

  /** Navigates to `url` and resolves once GraphiQL is drawn and its schema introspection has been answered. */
  static async open(page: Page, url: string): Promise<GraphiqlUi> {
    const introspection = page.waitForResponse((response) => isOperation(response.request(), 'IntrospectionQuery'));
    await page.goto(url);
    await page.locator('.graphiql-container').waitFor();
    const answer = await introspection;
    if (answer.status() !== 200) throw new Error(`expected the introspection to answer 200, got ${answer.status()}`);
    return new GraphiqlUi(page);
  }

  /**
   * Runs the active tab's operation with `trigger` (a click, a shortcut), waits for the HTTP answer and for the
   * result pane to show exactly it, and returns the pane's JSON.
   */
  async execute(operationName: string, trigger: () => Promise<void>): Promise<Record<string, any>> {
    const response = this.page.waitForResponse((answer) => isOperation(answer.request(), operationName));
    await trigger();
    const expected = JSON.stringify(await (await response).json());
    await this.page.waitForFunction(
      ({ selector, expected }) => {
        try {
          return JSON.stringify(JSON.parse(document.querySelector(selector)?.CodeMirror?.getValue() ?? '')) === expected;
        } catch {
          return false;
        }
      },
      { selector: RESULT_EDITOR, expected },
    );
    return JSON.parse(await this.resultText()) as Record<string, any>;
  }

  /** Clicks the run (▶) button. */
  async clickRun(): Promise<void> {
    await this.page.locator('.graphiql-execute-button').click();
  }

  /** Puts the cursor at the start of the query editor's first line and presses Ctrl-Enter. */
  async pressCtrlEnter(): Promise<void> {
    await this.page
      .locator('.graphiql-query-editor .CodeMirror-line')
      .first()
      .click({ position: { x: 2, y: 2 } });
    await this.page.keyboard.press('Control+Enter');
  }

  /** The full text of the result pane (CodeMirror draws only the visible lines). */
  resultText(): Promise<string> {
    return this.editorText(RESULT_EDITOR);
  }

  /** The full text of the query editor. */
  queryText(): Promise<string> {
    return this.editorText(QUERY_EDITOR);
  }

  /** The titles of the editor tabs, in order. */
  tabTitles(): Promise<string[]> {
    return this.page.locator('.graphiql-tab .graphiql-tab-button').allInnerTexts();
  }

  /**
   * Activates the tab titled `title` (tabs are titled after their operation) and waits until GraphiQL has parsed
   * it: it re-parses the editor a moment after each change, and a run before that sends the old operation's name.
   */
  async selectTab(title: string): Promise<void> {
    await this.page.locator('.graphiql-tab .graphiql-tab-button', { hasText: title }).click();
    await this.page.waitForFunction(({ selector, title }) => document.querySelector(selector)?.CodeMirror?.operationName === title, {
      selector: QUERY_EDITOR,
      title,
    });
  }

  /** Opens a new tab and replaces its text by typing `text` key by key, as a user would. */
  async typeInNewTab(text: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Add tab' }).click();
    await this.page.locator('.graphiql-query-editor .CodeMirror').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(text);
  }

  /** The entries of the autocompletion list, once it shows. */
  async completions(): Promise<string[]> {
    const hints = this.page.locator('.CodeMirror-hints .CodeMirror-hint');
    await hints.first().waitFor();
    return hints.allInnerTexts();
  }

  /** Opens the documentation explorer from the sidebar. */
  async openDocs(): Promise<void> {
    await this.page.getByRole('button', { name: /Documentation Explorer/ }).click();
    await this.page.locator('.graphiql-doc-explorer').waitFor();
  }

  private editorText(selector: string): Promise<string> {
    return this.page.evaluate((editor) => String(document.querySelector(editor)?.CodeMirror?.getValue() ?? ''), selector);
  }
}

// Private: true for a GraphQL POST of the operation named `operationName`.
function isOperation(request: Request, operationName: string): boolean {
  if (request.method() !== 'POST') return false;
  try {
    return (JSON.parse(request.postData() ?? '') as { operationName?: unknown }).operationName === operationName;
  } catch {
    return false;
  }
}
