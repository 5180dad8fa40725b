// wiki tool (titles like 'Medieval_warfare' or 'Eval' are just path segments): the lead summary of a Wikipedia article (REST v1 "page/summary").
module.exports = function (pi) {
  pi.registerTool({
    name: 'wiki',
    description: 'Summary of a Wikipedia article.',
    parameters: { type: 'object', properties: { title: { type: 'string' }, lang: { type: 'string', default: 'en' } }, required: ['title'] },
    execute: async function (args) {
      var lang = /^[a-z]{2,3}$/.test(args.lang || '') ? args.lang : 'en';
      var title = encodeURIComponent(args.title.trim().replace(/ /g, '_'));
      var res = await pi.http({ url: 'https://' + lang + '.wikipedia.org/api/rest_v1/page/summary/' + title, method: 'GET' });
      if (res.status !== 200) return { content: [{ type: 'text', text: 'no article "' + args.title + '"' }], isError: true };
      var d = JSON.parse(res.body);
      return { content: [{ type: 'text', text: d.title + '\n\n' + d.extract + '\n\n' + (d.content_urls && d.content_urls.desktop.page) }] };
    },
  });
};
