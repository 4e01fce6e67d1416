// widget.js body (wrapped by /widget.js with chat-core.js, WIDGET_CSS and HEDGE_LEVELS):
// a floating button that opens a chat panel bound to the service named by the script
// tag's data-qa-url (else the origin the script came from). Styles live in a Shadow DOM,
// so the host page's CSS and ours do not mix.
var script = document.currentScript;

function start() {
  if (document.querySelector("[data-qa-widget]")) return;
  var base = (script && script.getAttribute("data-qa-url")) ||
    (script ? new URL(script.src, location.href).origin : "");
  // Filters fixed by the host page, sent with every question: data-publisher (one name),
  // data-date-from and data-date-to (YYYY-MM-DD).
  function option(name) { return (script && script.getAttribute(name)) || ""; }
  var filters = QAChat.makeFilters({
    publisher: [option("data-publisher")],
    date_from: option("data-date-from"), date_to: option("data-date-to")
  });
  var host = document.createElement("div");
  host.setAttribute("data-qa-widget", "");
  document.body.appendChild(host);
  var shadow = host.attachShadow({ mode: "open" });
  var style = document.createElement("style");
  style.textContent = WIDGET_CSS;
  shadow.appendChild(style);

  var root = document.createElement("div");
  root.className = "qa-root";
  shadow.appendChild(root);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  var launcher = el("button", "launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "qa-panel");
  var svgNS = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(svgNS, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  var path = document.createElementNS(svgNS, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
  icon.appendChild(path);
  launcher.appendChild(icon);
  launcher.appendChild(document.createTextNode("Ask the news"));

  var panel = el("section", "panel");
  panel.id = "qa-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "qa-title");
  var head = el("div", "head");
  var title = el("h2", null, "Ask the news");
  title.id = "qa-title";
  var clear = el("button", "clear", "New conversation");
  clear.type = "button";
  clear.hidden = true;
  var close = el("button", "close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close");
  head.appendChild(title);
  head.appendChild(clear);
  head.appendChild(close);

  var body = el("div", "body");
  var hint = el("p", "hint", "Answers come from the service\u2019s news articles" +
    (filters ? " (" + QAChat.describeFilters(filters) + ")" : "") + ", with the " +
    "sentence they stand in, who says it and how sure the text is.");
  var list = el("ol", "messages");
  list.setAttribute("aria-live", "polite");
  list.setAttribute("aria-label", "Conversation");
  var examples = el("div", "examples");
  examples.hidden = true;
  var examplesTitle = el("p", "examples-title", "Try asking");
  examplesTitle.id = "qa-examples-title";
  var exampleList = el("ul");
  exampleList.setAttribute("aria-labelledby", "qa-examples-title");
  examples.appendChild(examplesTitle);
  examples.appendChild(exampleList);
  var notice = el("p", "notice");
  notice.setAttribute("role", "status");
  notice.hidden = true;
  body.appendChild(hint);
  body.appendChild(notice);
  body.appendChild(examples);
  body.appendChild(list);

  var form = el("form", "ask");
  var label = el("label", null, "Your question");
  label.htmlFor = "qa-question";
  var row = el("div", "row");
  var input = el("input");
  input.id = "qa-question";
  input.type = "text";
  input.required = true;
  input.autocomplete = "off";
  input.maxLength = 1000;
  input.placeholder = "Ask a question";
  var send = el("button", null, "Ask");
  send.type = "submit";
  row.appendChild(input);
  row.appendChild(send);
  form.appendChild(label);
  form.appendChild(row);

  panel.appendChild(head);
  panel.appendChild(body);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) input.focus(); else launcher.focus();
  }
  launcher.addEventListener("click", function () { toggle(panel.hidden); });
  close.addEventListener("click", function () { toggle(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) toggle(false);
  });

  var started = false;
  var chat = QAChat({
    base: base, form: form, input: input, list: list, clear: clear, newTab: true,
    maxHistory: 10, filters: function () { return filters; },
    onChange: function (now) {
      started = now;
      hint.hidden = now;
      clear.hidden = !now;
      examples.hidden = now || !exampleList.firstChild;
    }
  });

  // Example questions from the service, fetched once when the panel first opens.
  var fetched = false;
  launcher.addEventListener("click", function () {
    if (fetched) return;
    fetched = true;
    fetch(base + "/api/examples", { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { questions: [] }; })
      .then(function (data) {
        (data.questions || []).forEach(function (question) {
          var item = el("li");
          var button = el("button", "example", question);
          button.type = "button";
          button.addEventListener("click", function () { chat.ask(question); });
          item.appendChild(button);
          exampleList.appendChild(item);
        });
        examples.hidden = started || !exampleList.firstChild;
      })
      .catch(function () {
        // Examples are optional, but say why they are missing (e.g. this origin is not in
        // the service's QA_CORS_ORIGINS), rather than let them vanish silently.
        QAChat.whyUnreachable(base).then(function (message) {
          notice.textContent = message;
          notice.hidden = false;
        });
      });
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
