// The SQL editor: CodeMirror 5 (a classic script: window.CodeMirror) in PostgreSQL mode, with
// Sundial's functions highlighted, Ctrl+Enter / Cmd+Enter to run, Ctrl+Space to complete table and
// column names, and errors marked at the position the server reports.

const CodeMirror = window.CodeMirror;

// Sundial's SQL functions (docs/sql.md), shown like the mode's built-in names
const FUNCTIONS = ['time_bucket', 'time_bucket_gapfill', 'date_trunc', 'now', 'to_timestamp', 'count', 'sum', 'avg',
  'min', 'max', 'first', 'last', 'median', 'percentile', 'interpolate', 'locf', 'abs', 'round', 'coalesce'];

function sundialMode() {
  const base = CodeMirror.resolveMode('text/x-pgsql');
  const builtin = { ...base.builtin };
  for (const f of FUNCTIONS) {
    builtin[f] = true;
  }
  return { ...base, builtin };
}

const DRAFT_KEY = 'sundial.draft';

/**
 * Creates the editor in `host`. `run()` is called on Ctrl+Enter / Cmd+Enter. Returns helpers:
 * text() (the selection when there is one, else everything) and the offset it starts at,
 * markError(offset, position) and clearError(), setText(text), setTables({table: [columns]}).
 */
export function createEditor(host, run) {
  const cm = CodeMirror(host, {
    value: localStorage.getItem(DRAFT_KEY) || '',
    mode: sundialMode(),
    lineNumbers: true,
    matchBrackets: true,
    lineWrapping: true,
    indentUnit: 2,
    tabSize: 2,
    autofocus: true,
    placeholder: 'SELECT time_bucket(\'1h\', timestamp) AS hour, host, avg(usage) FROM cpu GROUP BY hour, host ORDER BY hour',
    extraKeys: {
      'Ctrl-Enter': () => run(),
      'Cmd-Enter': () => run(),
      'Ctrl-Space': 'autocomplete',
      Tab: c => (c.somethingSelected() ? c.indentSelection('add') : c.replaceSelection('  ')),
      'Shift-Tab': 'indentLess',
    },
    hintOptions: { tables: {}, completeSingle: false },
  });
  let marks = [];
  let errorLine = null;

  function clearError() {
    marks.forEach(m => m.clear());
    marks = [];
    if (errorLine !== null) {
      cm.removeLineClass(errorLine, 'background', 'error-line');
      errorLine = null;
    }
  }

  cm.on('change', () => {
    clearError();
    localStorage.setItem(DRAFT_KEY, cm.getValue());
  });

  return {
    cm,
    /** {text, offset}: the selected text (and where it starts) or the whole editor. */
    current() {
      const selected = cm.getSelection();
      if (selected.trim()) {
        return { text: selected, offset: cm.indexFromPos(cm.getCursor('from')) };
      }
      return { text: cm.getValue(), offset: 0 };
    },
    setText(text) {
      cm.setValue(text);
      cm.setCursor(cm.lineCount(), 0);
      cm.focus();
    },
    /** Inserts at the cursor (a column name clicked in the table list). */
    insert(text) {
      cm.replaceSelection(text);
      cm.focus();
    },
    setTables(tables) {
      cm.setOption('hintOptions', { tables, completeSingle: false });
    },
    /**
     * Marks the spot of an error: `position` is the server's 1-based character offset in the text
     * that ran, which started at `offset` in the editor. The word there is underlined, its line
     * tinted, and the cursor put on it.
     */
    markError(offset, position) {
      clearError();
      const length = cm.getValue().length;
      const at = Math.min(offset + position - 1, Math.max(0, length - 1));
      const from = cm.posFromIndex(at);
      const word = cm.findWordAt(from);
      const to = word.anchor.ch === word.head.ch || word.anchor.line !== from.line ? cm.posFromIndex(at + 1) : word.head;
      const start = word.anchor.ch === word.head.ch || word.anchor.line !== from.line ? from : word.anchor;
      marks.push(cm.markText(start, to, { className: 'cm-sql-error', title: 'error here' }));
      errorLine = from.line;
      cm.addLineClass(errorLine, 'background', 'error-line');
      cm.setCursor(from);
      cm.scrollIntoView(from, 40);
      cm.focus();
      return { line: from.line + 1, column: from.ch + 1 };
    },
    clearError,
    focus() {
      cm.focus();
    },
  };
}
