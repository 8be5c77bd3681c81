// The recommendations explorer (book/explorer.md). Draws every table that
// dprk_upr.site.explorer.explorer_html put in the page: an empty <table id=X> followed by
// <script type="application/json" id="X-data"> holding {options, data}. Every value shown is
// computed in Python (dprk_upr.site.explorer); this file only hands it to DataTables, the bundle
// itables ships (explorer-datatables.js, served by the site: nothing comes from the network).
//
// Search folding: DataTables passes both the table's search data and the text a reader types
// through one function, DataTable.util.diacritics. It is replaced here by `fold`, built from the
// rule sent with the page (options.fold, the same rule as dprk_upr.site.explorer.fold), so that
// "people's" finds "people’s" in the global box, the column boxes and the search panes alike.

import DataTable, { set_or_remove_dark_class } from './explorer-datatables.js';

/** The folding function of a rule {characters: {char: replacement}, spaces: regex source}. */
function makeFold(rule) {
  const escape = (c) => c.replace(/[\\\]\[^-]/g, '\\$&');
  const chars = new RegExp('[' + Object.keys(rule.characters).map(escape).join('') + ']', 'gu');
  const swap = (s) => s.replace(chars, (c) => rule.characters[c]);
  const spaces = new RegExp(rule.spaces, 'gu');
  return (text) =>
    swap(swap(String(text).toLowerCase()).normalize('NFKD').replace(/\p{M}/gu, '')).replace(spaces, ' ');
}

const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pad = (n) => String(n).padStart(6, '0');

/** DataTables' render function for a column of a given kind (see dprk_upr.site.explorer.Column).
 * 'display' is escaped HTML; 'filter' and 'export' the plain value; 'sort' keeps the order the
 * page was given (document order for the key, the codes' order for categories); 'sp' is the list
 * of values a search pane offers. */
function renderer(kind, codes) {
  switch (kind) {
    case 'key':
      return (v, type, row, meta) => (type === 'sort' ? pad(meta.row) : type === 'display' ? escapeHtml(v) : v);
    case 'category':
      return (v, type) => {
        if (type === 'sort') return v === null ? '' : pad(v);
        const label = v === null ? '' : codes[v];
        return type === 'display' ? escapeHtml(label) : label;
      };
    case 'list':
      return (v, type) => {
        const labels = v.map((i) => codes[i]);
        if (type === 'sp') return labels;
        const text = labels.join('; ');
        return type === 'display' ? escapeHtml(text) : type === 'sort' ? text.toLowerCase() : text;
      };
    case 'number':
      return (v, type) => (v === null ? '' : type === 'sort' || type === 'type' ? v : v.toFixed(2));
    default:
      return (v, type) => (type === 'display' ? escapeHtml(v) : v);
  }
}

/** A column whose values have other spellings in another column (the recommending state, under
 * one name, and as each report writes it): its search data ('filter') holds both, so that a search
 * of the column finds either; what it shows, sorts, exports and lists in a pane is its own value. */
function withSpellings(render, index, codes) {
  return (v, type, row, meta) => {
    const own = render(v, type, row, meta);
    if (type !== 'filter') return own;
    const other = row[index];
    let spelling = '';
    if (Array.isArray(other)) spelling = other.map((i) => codes[i]).join('; ');
    else if (other !== null && other !== undefined) spelling = codes[other];
    return spelling && spelling !== own ? `${own} ${spelling}` : own;
  };
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false && value !== null) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

/** The filters panel: a search box per column that asks for one, then the search panes (made
 * when the panel is first opened), then a button that clears every filter. */
function filtersPanel(id, columns) {
  const boxes = element('fieldset', { class: 'explorer-column-filters' }, element('legend', {}, 'Search one column'));
  columns.forEach((column, index) => {
    if (!column.filter) return;
    const inputId = `${id}-filter-${index}`;
    boxes.append(
      element(
        'div',
        { class: 'explorer-field' },
        element('label', { for: inputId }, column.title),
        element('input', { type: 'search', id: inputId, 'data-column': index, autocomplete: 'off' }),
      ),
    );
  });
  const panes = element('div', { class: 'explorer-panes', role: 'group', 'aria-label': 'Search panes' });
  const clear = element('button', { type: 'button', class: 'explorer-clear' }, 'Clear all filters');
  return element(
    'div',
    { class: 'explorer-filters', id: `${id}-filters`, hidden: true },
    boxes,
    element('p', { class: 'explorer-hint' }, 'Or pick values (several in a list combine):'),
    panes,
    clear,
  );
}

function explore(holder, fold) {
  const id = holder.dataset.explorer;
  const table = document.getElementById(id);
  const { options, data } = JSON.parse(document.getElementById(`${id}-data`).textContent);
  const phone = window.matchMedia(`(max-width: ${options.phoneWidth}px)`).matches;
  const panel = filtersPanel(id, options.columns);
  const filterButton = { node: null };
  let panes = null;

  const titles = options.columns.map((column) => column.title);
  const columns = options.columns.map((column, index) => ({
    title: column.title,
    type: column.kind === 'number' ? 'num' : 'string',
    className: `explorer-${column.kind}` + (column.nowrap ? ' explorer-nowrap' : ''),
    visible: column.kind === 'key' || (phone ? column.phone : column.shown),
    render: column.spellings
      ? withSpellings(
          renderer(column.kind, data.codes[index]),
          titles.indexOf(column.spellings),
          data.codes[titles.indexOf(column.spellings)],
        )
      : renderer(column.kind, data.codes[index]),
    // the stacked layout of a phone labels each value with its column (explorer.css)
    createdCell: (cell) => {
      cell.setAttribute('data-title', column.title);
      cell.setAttribute('role', 'cell');
    },
    // a pane lists a column's own values (for a list, each item; never the other spellings)
    searchPanes: column.pane
      ? column.kind === 'list' || column.spellings
        ? { show: true, orthogonal: 'sp' }
        : { show: true }
      : { show: false },
  }));

  const activeFilters = () =>
    [...panel.querySelectorAll('.explorer-column-filters input')].filter((i) => i.value.trim()).length +
    panel.querySelectorAll('.explorer-panes tbody tr.selected').length;

  const showCount = () => {
    if (!filterButton.node) return;
    const n = activeFilters();
    filterButton.node.querySelector('span').textContent = n ? `Filters (${n} active)` : 'Filters';
  };

  const openPanes = (dt) => {
    if (panes) return;
    panes = new DataTable.SearchPanes(dt, {
      columns: options.searchPanes.columns,
      cascadePanes: true,
      initCollapsed: phone, // a phone lists the panes' names; a tap unfolds one
      orderable: false,
      layout: phone ? 'columns-1' : 'columns-3',
      i18n: {
        title: { _: 'Values picked: %d', 0: 'No values picked', 1: 'One value picked' },
        clearMessage: 'Clear the panes',
        collapseMessage: 'Fold the panes',
        showMessage: 'Unfold the panes',
      },
    });
    panel.querySelector('.explorer-panes').append(dt.searchPanes.container()[0]);
    dt.searchPanes.resizePanes();
    labelPanes(panel, dt);
  };

  const toggle = (dt, node) => {
    const open = panel.hidden;
    panel.hidden = !open;
    node.setAttribute('aria-expanded', String(open));
    if (open) {
      openPanes(dt);
      panel.querySelector('input, button').focus();
    }
  };

  const dt = new DataTable(table, {
    data: data.rows,
    columns,
    deferRender: true,
    autoWidth: false,
    order: [],
    pageLength: options.pageLength,
    lengthMenu: options.lengthMenu.map((n) => (n < 0 ? { label: 'All', value: -1 } : n)),
    language: {
      search: 'Search all columns:',
      info: 'Rows _START_ to _END_ of _TOTAL_',
      infoEmpty: 'No rows',
      infoFiltered: '(filtered from _MAX_)',
      lengthMenu: '_MENU_ rows per page',
      zeroRecords: 'No recommendation matches: clear a filter or the search box.',
    },
    layout: {
      top2Start: {
        buttons: [
          {
            text: '<span>Filters</span>',
            className: 'explorer-filters-button',
            attr: { 'aria-expanded': 'false', 'aria-controls': panel.id },
            action: (e, api, node) => toggle(api, node[0] || node),
          },
          {
            extend: 'colvis',
            text: 'Columns',
            columns: ':not(.explorer-key)',
            postfixButtons: [{ extend: 'colvisRestore', text: 'Restore the first columns' }],
          },
          {
            extend: 'csvHtml5',
            text: 'Download these rows and columns (CSV)',
            titleAttr: 'The rows that match the search and the filters, all pages, with the columns shown',
            filename: options.filename,
            title: null,
            bom: true,
            exportOptions: {
              columns: ':visible',
              orthogonal: 'export',
              modifier: { search: 'applied', order: 'applied', page: 'all' },
            },
          },
        ],
      },
      top2End: 'search',
      top1: () => panel,
      topStart: null,
      topEnd: null,
      bottomStart: 'info',
      bottomEnd: 'paging',
      bottom2Start: 'pageLength',
    },
    // explicit roles: the phone's stacked layout changes the cells' CSS display, which must not
    // take the table's semantics away from screen readers
    createdRow: (row) => row.setAttribute('role', 'row'),
    initComplete() {
      table.setAttribute('role', 'table');
      table.querySelectorAll('thead tr').forEach((row) => row.setAttribute('role', 'row'));
      table.querySelectorAll('thead th').forEach((cell) => cell.setAttribute('role', 'columnheader'));
      document.getElementById(`${id}-loading`)?.remove();
      // two tables on the page: their page navigations need names of their own
      const caption = table.querySelector('caption')?.textContent || id;
      holder.querySelector('nav[aria-label="pagination"]')?.setAttribute('aria-label', `Pages of the table: ${caption}`);
      // the table scrolls inside its own box (explorer.css): its sideways scrollbar stays in
      // sight, and the keyboard can reach the box to scroll it with the arrow keys
      const scroller = holder.querySelector('.dt-layout-table');
      if (scroller) {
        scroller.classList.add('explorer-scroller');
        scroller.tabIndex = 0;
        scroller.setAttribute('role', 'region');
        scroller.setAttribute('aria-label', `${caption} (scrolls inside its box)`);
      }
    },
  });

  filterButton.node = dt.button(0).node()[0] || dt.button(0).node();
  panel.addEventListener('input', (event) => {
    const box = event.target.closest('input[data-column]');
    if (!box) return;
    dt.column(Number(box.dataset.column)).search(box.value).draw();
  });
  panel.querySelector('.explorer-clear').addEventListener('click', () => {
    panel.querySelectorAll('input[data-column]').forEach((box) => (box.value = ''));
    dt.columns().search('');
    dt.search('');
    if (panes) dt.searchPanes.clearSelections();
    dt.draw();
    const globalBox = holder.querySelector('.dt-search input');
    if (globalBox) globalBox.value = '';
  });
  dt.on('draw', () => setTimeout(showCount));
  // The column chooser is a menu of toggles: say so, and say which columns are shown (Buttons
  // marks them with a class only).
  const describeChooser = () => {
    holder.querySelector('.dt-button-collection[role="dialog"]')?.setAttribute('aria-label', 'Columns to show');
    holder.querySelectorAll('.dt-button-collection [role="menu"] > button').forEach((button) => {
      if (button.hasAttribute('data-cv-idx')) {
        button.setAttribute('role', 'menuitemcheckbox');
        button.setAttribute('aria-checked', String(button.classList.contains('dt-button-active')));
      } else {
        button.setAttribute('role', 'menuitem');
      }
    });
  };
  let escaped = false;
  holder.addEventListener('keydown', (event) => {
    escaped = event.key === 'Escape' && Boolean(event.target.closest('.dt-button-collection'));
  });
  new MutationObserver((changes) => {
    describeChooser();
    const opened = holder.querySelector('.dt-buttons > .dt-button-collection');
    if (opened) placeChooser(opened, holder.querySelector('.buttons-colvis'));
    // the chooser closed with Escape: the focus goes back to its button
    const closed = changes.some((c) => [...c.removedNodes].some((n) => n.classList?.contains('dt-button-collection')));
    if (closed && escaped && !holder.contains(document.activeElement)) holder.querySelector('.buttons-colvis')?.focus();
    if (closed) escaped = false;
  }).observe(holder.querySelector('.dt-buttons'), { childList: true });
  // a toggle keeps the keyboard's focus (the page would otherwise lose it when the table redraws)
  let toggled = null;
  holder.addEventListener('click', (event) => {
    toggled = event.target.closest('.dt-button-collection [data-cv-idx]')?.dataset.cvIdx ?? null;
  });
  dt.on('column-visibility', () =>
    setTimeout(() => {
      describeChooser();
      if (toggled !== null && !holder.contains(document.activeElement)) {
        holder.querySelector(`.dt-button-collection [data-cv-idx="${toggled}"]`)?.focus();
      }
    }),
  );
  return { id, dt, fold };
}

/** Keep the column chooser inside the window: Buttons places it under (or over) its button inside
 * the table's box, where the page's output area can cut it off and a phone's window is too short
 * for the whole list. It is fixed to the window instead, under its button when there is room,
 * never past an edge, and its list scrolls when it is taller than the window (explorer.css). It
 * follows its button while the page scrolls. */
function placeChooser(collection, button) {
  if (!button || collection.dataset.placed) return;
  collection.dataset.placed = 'true';
  const margin = 8;
  const place = () => {
    if (!collection.isConnected) {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
      return;
    }
    const anchor = button.getBoundingClientRect();
    collection.style.position = 'fixed';
    collection.style.maxHeight = `${window.innerHeight - 2 * margin}px`;
    collection.style.maxWidth = `${window.innerWidth - 2 * margin}px`;
    const { width, height } = collection.getBoundingClientRect();
    const below = anchor.bottom + 4;
    const room = window.innerHeight - margin;
    const top = below + height <= room ? below : Math.max(margin, room - height);
    const left = Math.min(Math.max(margin, anchor.left), window.innerWidth - margin - width);
    collection.style.top = `${top}px`;
    collection.style.left = `${Math.max(margin, left)}px`;
  };
  place();
  window.addEventListener('scroll', place, { passive: true });
  window.addEventListener('resize', place);
}

/** Give every search pane's box a label and its rows keyboard access (Tab to a value, Enter or
 * Space to pick it), which SearchPanes leaves to the mouse. */
function labelPanes(panel, dt) {
  const update = () => {
    panel.querySelectorAll('.dtsp-searchPane').forEach((pane) => {
      const title = pane.querySelector('.dtsp-paneInputButton')?.getAttribute('placeholder') || 'the values';
      pane.querySelectorAll('input.dtsp-paneInputButton').forEach((input) => {
        input.setAttribute('aria-label', `Search ${title}`);
      });
      pane.querySelectorAll('tbody tr').forEach((row) => {
        if (row.querySelector('td.dt-empty')) return;
        row.tabIndex = 0;
        row.setAttribute('aria-selected', String(row.classList.contains('selected')));
      });
    });
  };
  panel.querySelector('.explorer-panes').addEventListener('keydown', (event) => {
    const row = event.target.closest('tbody tr');
    if (!row || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    const pane = row.closest('.dtsp-searchPane');
    const value = row.innerText;
    row.querySelector('td')?.click();
    // the pane may redraw: give the focus back to the same value
    setTimeout(() => {
      update();
      [...pane.querySelectorAll('tbody tr')].find((r) => r.innerText === value)?.focus();
    });
  });
  dt.on('draw', () => setTimeout(update));
  panel.addEventListener('click', () => setTimeout(update));
  update();
}

/** Draw every explorer table whose rows have arrived; the script is an async module, which may
 * run before the page has been read to its end: the others are drawn when it has been. */
function main() {
  const drawn = new Set();
  let fold = null;
  const drawReady = () => {
    for (const holder of document.querySelectorAll('[data-explorer]')) {
      const id = holder.dataset.explorer;
      const json = document.getElementById(`${id}-data`);
      if (drawn.has(id) || !json || !document.getElementById(id)) continue;
      try {
        JSON.parse(json.textContent);
      } catch {
        continue; // not read to its end yet
      }
      if (!fold) {
        fold = makeFold(JSON.parse(json.textContent).options.fold);
        // DataTables calls this for the cells' search data and for every query (global box,
        // column boxes, panes): one folding function for both.
        DataTable.util.diacritics((text) => (typeof text === 'string' ? fold(text) : text));
        // for the browser tests: the folding function, the tables' APIs and DataTables itself
        window.dprkExplorer = { fold, tables: [], DataTable };
      }
      drawn.add(id);
      queue.push(holder);
    }
    drawNext();
  };
  // One table per task, the first painted before the next is drawn (the rows of the first table
  // appear sooner; the second is further down the page).
  const queue = [];
  let busy = false;
  const drawNext = () => {
    if (busy || !queue.length) return;
    busy = true;
    window.dprkExplorer.tables.push(explore(queue.shift(), fold));
    requestAnimationFrame(() =>
      setTimeout(() => {
        busy = false;
        drawNext();
      }),
    );
  };
  set_or_remove_dark_class();
  drawReady();
  if (document.readyState === 'loading') {
    document.addEventListener('readystatechange', drawReady, { once: true });
  }
}

main();
