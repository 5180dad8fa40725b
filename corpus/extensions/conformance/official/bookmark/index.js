// /bookmark <label> marks the current point in the session; /bookmarks lists
// them and jumps back (via session branch) to the selected one.
'use strict';

const KEY = 'bookmarks';

module.exports = (pi) => {
  async function load() {
    return (await pi.session.get(KEY)) || [];
  }

  pi.registerCommand('bookmark', {
    description: 'Bookmark the current point of the conversation',
    async handler(args) {
      const list = await load();
      const entryId = await pi.session.currentEntryId();
      const label = args.trim() || `mark ${list.length + 1}`;
      list.push({ label, entryId, at: new Date().toISOString() });
      await pi.session.set(KEY, list);
      pi.ui.notify(`Bookmarked "${label}"`, 'info');
    },
  });

  pi.registerCommand('bookmarks', {
    description: 'Jump to a bookmark',
    async handler() {
      const list = await load();
      if (!list.length) return pi.ui.notify('No bookmarks yet', 'info');
      const pick = await pi.ui.select('Bookmarks', list.map((b) => `${b.label} — ${b.at.slice(0, 16)}`));
      const retrieval = list.findIndex((b) => pick && pick.startsWith(b.label + ' '));
      if (retrieval >= 0) await pi.session.branch(list[retrieval].entryId);
    },
  });
};
