// The conversation, shared by the chat page, /embed and widget.js: asks /api/ask, keeps
// the follow-up history, and draws each answer. Document text is only ever inserted with
// textContent (or as text nodes), never as HTML.
/* exported QAChat */
var QAChat = (function () {
  "use strict";

  var LEVELS = (typeof HEDGE_LEVELS !== "undefined") ? HEDGE_LEVELS : null;  // from widget.js
  var WORDS = (typeof QA_WORDS !== "undefined") ? QA_WORDS : null;           // from widget.js
  var uid = 0;

  function levels() {
    if (!LEVELS) {
      var data = document.getElementById("qa-levels");
      LEVELS = data ? JSON.parse(data.textContent) : {};
    }
    return LEVELS;
  }

  // The words of web/wording.py: why no answer was given, month and weekday names.
  function words() {
    if (!WORDS) {
      var data = document.getElementById("qa-words");
      WORDS = data ? JSON.parse(data.textContent) : {};
    }
    return WORDS;
  }

  function noAnswer(reason) {
    return (words().no_answer || {})[reason] || "The documents do not answer this question.";
  }

  // ---- dates, as people read them (web/wording.py human_date does the same)

  function month(n, full) {
    var name = (words().months || [])[n - 1] || String(n);
    return full ? name : name.slice(0, 3);
  }

  function weekday(y, m, d) {  // "Tue", from the calendar date alone (no time zone)
    var names = words().weekdays || [];
    var day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();  // 0 = Sunday
    return names[(day + 6) % 7] || "";
  }

  // A document's date: "8 Oct 2024" (with "09:30 UTC" for a date-time if withTime).
  function humanDate(value, withTime) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2})?Z?)?$/.exec(value || "");
    if (!m || +m[2] < 1 || +m[2] > 12) return value || "";
    var text = (+m[3]) + " " + month(+m[2]) + " " + m[1];
    return m[4] && withTime ? text + ", " + m[4] + ":" + m[5] + " UTC" : text;
  }

  // answer.time's value at its granularity: "Tue 8 Oct 2024", "week of 7 Oct 2024",
  // "June 2024", "2022"; a value of another form as it is.
  function resolvedTime(time) {
    var v = String(time.value), m;
    if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) {          // ISO week: its Monday
      var jan4 = new Date(Date.UTC(+m[1], 0, 4));
      var monday = new Date(jan4.getTime() +
        ((+m[2] - 1) * 7 - ((jan4.getUTCDay() + 6) % 7)) * 86400000);
      return "week of " + monday.getUTCDate() + " " + month(monday.getUTCMonth() + 1) +
        " " + monday.getUTCFullYear();
    }
    if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(v))) {
      var day = weekday(+m[1], +m[2], +m[3]) + " " + (+m[3]) + " " + month(+m[2]) + " " + m[1];
      return m[4] && time.granularity !== "day" ? day + ", " + m[4] + ":" + m[5] : day;
    }
    if ((m = /^(\d{4})-(\d{2})$/.exec(v)) && +m[2] >= 1 && +m[2] <= 12) {
      return month(+m[2], true) + " " + m[1];
    }
    if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return "Q" + m[2] + " " + m[1];
    return v;
  }

  // The filters of a request in words: "Reuters · from 1 Oct 2024 · to 31 Oct 2024".
  function describeFilters(filters) {
    if (!filters) return "";
    var parts = [];
    if (filters.publisher && filters.publisher.length) parts.push(filters.publisher.join(", "));
    if (filters.date_from && filters.date_to) {
      parts.push(humanDate(filters.date_from) + " to " + humanDate(filters.date_to));
    } else if (filters.date_from) {
      parts.push("from " + humanDate(filters.date_from));
    } else if (filters.date_to) {
      parts.push("until " + humanDate(filters.date_to));
    }
    if (filters.documents && filters.documents.length) {
      parts.push(filters.documents.length === 1 ? "1 document" :
        filters.documents.length + " documents");
    }
    return parts.join(" \u00b7 ");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A badge that explains itself: hover, focus or tap shows the tooltip.
  function badge(cls, label, tip) {
    return tipped(el("button", "badge " + cls, label), tip);
  }

  // A button with a tooltip that opens on hover, focus or click and closes on Escape.
  function tipped(button, tip) {
    var wrap = el("span", "tipwrap");
    var id = "qa-tip-" + (++uid);
    button.type = "button";
    button.setAttribute("aria-describedby", id);
    var tooltip = el("span", "tip", tip);
    tooltip.id = id;
    tooltip.setAttribute("role", "tooltip");
    button.addEventListener("click", function () { wrap.classList.toggle("open"); });
    button.addEventListener("blur", function () { wrap.classList.remove("open"); });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        wrap.classList.remove("open");
        wrap.classList.add("closed");
      }
    });
    button.addEventListener("focus", function () { wrap.classList.remove("closed"); place(); });
    button.addEventListener("click", place);
    wrap.addEventListener("mouseenter", place);
    wrap.appendChild(button);
    wrap.appendChild(tooltip);
    return wrap;

    // Show the tooltip above the badge when there is no room below it, and aligned to the
    // badge's right when it would run past the right edge (of the scrolling panel that
    // holds it, else of the window).
    function place() {
      wrap.classList.remove("above", "end");
      var bounds = clipRect(wrap);
      var tip = tooltip.getBoundingClientRect();
      if (!tip.height) return;  // not shown
      var box = wrap.getBoundingClientRect();
      if (tip.bottom > bounds.bottom && box.top - tip.height - 8 >= bounds.top) {
        wrap.classList.add("above");
      }
      if (tip.right > bounds.right) wrap.classList.add("end");
    }
  }

  function up(node) {  // the parent element, crossing out of a shadow root
    var p = node.parentNode;
    if (p && p.nodeType === 11) p = p.host;
    return p && p.nodeType === 1 ? p : null;
  }

  function clipRect(node) {
    var rect = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
    for (var p = up(node); p; p = up(p)) {
      var style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) {
        var r = p.getBoundingClientRect();
        rect = { top: Math.max(rect.top, r.top), left: Math.max(rect.left, r.left),
                 bottom: Math.min(rect.bottom, r.bottom), right: Math.min(rect.right, r.right) };
      }
    }
    return rect;
  }

  // What a hedge level rests on, in the words of web/wording.py (BASES, claim, resolved).
  function basisOf(hedge) {
    var basis = (hedge && hedge.basis) || "stated";
    return (words().bases || {})[basis] || { label: basis, meaning: "" };
  }

  function hedgeBadge(hedge) {
    var level = (hedge && hedge.level) || "none";
    var info = levels()[level] || { label: level, meaning: "" };
    var cues = (hedge && hedge.cues) || [];
    var tip = info.meaning + " " + basisOf(hedge).meaning + " " + (cues.length
      ? "Set by: " + cues.map(function (c) { return "\u201c" + c + "\u201d"; }).join(", ") + "."
      : "No hedging words found.");
    return badge("lvl-" + level, info.label, tip);
  }

  // "He \u2192 Lim Eulchul (named in sentence 11)" when this sentence does not name the
  // source outright (attribution.resolved_from), else null.
  function resolved(a) {
    if (!a.source || !a.resolved_from) return null;
    var said = a.mention ? a.mention.text : "a continued quotation";
    return said + " \u2192 " + a.source + " (named in sentence " + (a.resolved_from.index + 1) + ")";
  }

  // Who makes the claim on what footing: "asserted by Lim Eulchul \u00b7 stressed",
  // "stated in the article\u2019s own voice".
  function facts(passage) {
    var row = el("div", "facts");
    row.appendChild(hedgeBadge(passage.hedge));
    if (passage.hedge && passage.hedge.disputed) {
      row.appendChild(badge("disputed", "disputed",
        "The text reports that this claim is denied, rejected or disputed."));
    }
    var a = passage.attribution || {};
    var basis = (passage.hedge && passage.hedge.basis) || "stated";
    var label = basisOf(passage.hedge).label;
    var who = el("span", "attr");
    if (a.source) {
      who.appendChild(el("span", "basis", label));
      who.appendChild(document.createTextNode(" by "));
      var how = resolved(a);
      who.appendChild(how ? tipped(el("button", "who resolved", a.source), how)
                          : el("span", "who", a.source));
      if (a.cue) who.appendChild(document.createTextNode(" \u00b7 " + a.cue));
    } else {
      who.textContent = label + (basis === "stated" ? " " : ", ") +
        "in the article\u2019s own voice";
      who.classList.add("own");
    }
    row.appendChild(who);
    return row;
  }

  function sourceLink(passage, opts) {
    var p = el("p", "from");
    var id = encodeURIComponent(passage.document.id).replace(/%2F/g, "/");
    var link = el("a", null, passage.document.title || passage.document.id);
    link.href = opts.base + "/documents/" + id + "#s" + passage.index;
    if (opts.newTab) { link.target = "_blank"; link.rel = "noopener"; }
    p.appendChild(document.createTextNode("From "));
    p.appendChild(link);
    // the article's publisher and date, next to its title: "(Reuters, 8 Oct 2024)"
    var meta = el("span", "docmeta-inline");
    p.appendChild(meta);
    p.appendChild(document.createTextNode(", sentence " + (passage.index + 1)));
    documentMeta(passage.document, opts).then(function (doc) {
      if (!doc.publisher && !doc.date) return;
      meta.appendChild(document.createTextNode(" ("));
      if (doc.publisher) meta.appendChild(el("span", "publisher", doc.publisher));
      if (doc.publisher && doc.date) meta.appendChild(document.createTextNode(", "));
      if (doc.date) {
        var when = el("time", null, humanDate(doc.date));
        when.setAttribute("datetime", doc.date);
        if (doc.date.length > 10) when.title = humanDate(doc.date, true);  // its time
        meta.appendChild(when);
      }
      meta.appendChild(document.createTextNode(")"));
    });
    return p;
  }

  // A document's date and publisher: from the passage's document object when it carries
  // them, else from GET /api/documents/<id> (asked once per document).
  var metaCache = {};
  function documentMeta(doc, opts) {
    if ("date" in doc || "publisher" in doc) return Promise.resolve(doc);
    var key = opts.base + "\n" + doc.id;
    if (!metaCache[key]) {
      var id = encodeURIComponent(doc.id).replace(/%2F/g, "/");
      metaCache[key] = fetch(opts.base + "/api/documents/" + id,
                             { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (body) { return { date: body.date, publisher: body.publisher }; })
        .catch(function () { return {}; });
    }
    return metaCache[key];
  }

  // The sentence with the answer span in a <mark>.
  function sentence(answer) {
    var s = answer.sentence;
    var q = el("blockquote", "sentence");
    var span = answer.span;
    if (span && s.text.slice(span.start, span.end) === answer.text) {
      q.appendChild(document.createTextNode(s.text.slice(0, span.start)));
      q.appendChild(el("mark", null, answer.text));
      q.appendChild(document.createTextNode(s.text.slice(span.end)));
    } else {
      q.textContent = s.text;
    }
    return q;
  }

  function passageList(passages, opts, label) {
    var box = el("div", "more");
    var list = el("ol", "passages");
    var id = "qa-more-" + (++uid);
    list.id = id;
    list.hidden = true;
    passages.forEach(function (p) {
      var li = el("li");
      li.appendChild(el("p", "ptext", p.text));
      li.appendChild(facts(p));
      li.appendChild(sourceLink(p, opts));
      list.appendChild(li);
    });
    var toggle = el("button", "link", label);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    toggle.addEventListener("click", function () {
      var open = list.hidden;
      list.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide passages" : label;
    });
    box.appendChild(toggle);
    box.appendChild(list);
    return box;
  }

  // "on Tuesday → Tue 8 Oct 2024": what the answer's time expression means on the
  // calendar (answer.time, resolved against the article's date).
  function timeLine(time) {
    var p = el("p", "time");
    p.appendChild(el("span", "time-text", time.text));
    p.appendChild(el("span", "arrow", " \u2192 ")).setAttribute("aria-hidden", "true");
    p.appendChild(el("span", "visually-hidden", ", that is "));
    var when = el("time", null, resolvedTime(time));
    when.setAttribute("datetime", String(time.value));
    p.appendChild(when);
    return p;
  }

  function renderAnswer(body, opts) {
    var card = el("article", "card");
    var passages = body.passages || [];
    if (!body.answer) {
      card.classList.add("none");
      card.appendChild(el("p", "noanswer", noAnswer(body.reason)));
      if (passages.length) {
        // The closest passage, with its badges and link, so a refusal still shows what
        // the documents say nearest to the question.
        var closest = passages[0];
        card.appendChild(el("p", "closest-label", "Not sure; the closest sentence is:"));
        card.appendChild(el("blockquote", "sentence closest", closest.text));
        card.appendChild(facts(closest));
        card.appendChild(sourceLink(closest, opts));
        var others = passages.slice(1);
        if (others.length) {
          card.appendChild(passageList(others, opts,
            others.length === 1 ? "1 more passage" : others.length + " more passages"));
        }
      }
      return card;
    }
    var a = body.answer;
    if (a.span) card.appendChild(el("p", "short", a.text));
    if (a.time && a.time.value && resolvedTime(a.time).toLowerCase() !==
        String(a.time.text).toLowerCase()) {
      card.appendChild(timeLine(a.time));   // not for "2022", which says it all
    }
    card.appendChild(sentence(a));
    card.appendChild(facts(a.sentence));
    card.appendChild(sourceLink(a.sentence, opts));
    var rest = passages.slice(1);
    if (rest.length) {
      card.appendChild(passageList(rest, opts,
        rest.length === 1 ? "1 more passage" : rest.length + " more passages"));
    }
    return card;
  }

  // Binds a conversation to a form, an input, a message list and a clear button.
  function QAChatFn(opts) {
    var base = (opts.base || "").replace(/\/+$/, "");
    var view = { base: base, newTab: !!opts.newTab };
    var maxHistory = opts.maxHistory || 10;
    var history = [];
    var busy = false;
    var submit = opts.form.querySelector("button[type=submit]");
    var submitLabel = submit.textContent;

    function add(cls, node) {
      var li = el("li", cls);
      if (node) li.appendChild(node);
      opts.list.appendChild(li);
      if (opts.onChange) opts.onChange(true);
      reveal(li);
      return li;
    }

    // Scrolls the newest message wholly into view. On the chat page the question box is
    // sticky at the bottom of the window and would cover the end of the message (its
    // badges and source link), so the scroll stops short of it: the box's height is the
    // message's bottom scroll margin.
    function reveal(li) {
      var style = getComputedStyle(opts.form);
      var covers = style.position === "sticky" || style.position === "fixed";
      li.style.scrollMarginBottom = covers ? (opts.form.offsetHeight + 12) + "px" : "";
      li.style.scrollMarginTop = "12px";
      li.scrollIntoView({ block: "nearest" });
    }

    function setBusy(on) {
      busy = on;
      submit.disabled = on;
      submit.textContent = on ? "Asking\u2026" : submitLabel;
      if (on) opts.form.setAttribute("aria-busy", "true");
      else opts.form.removeAttribute("aria-busy");
    }

    function ask(question) {
      question = question.trim();
      if (!question || busy) return;
      var filters = opts.filters ? opts.filters() : null;
      var asked = el("div");
      asked.appendChild(el("p", null, question));
      if (filters) asked.appendChild(el("p", "scope", "Filtered: " + describeFilters(filters)));
      add("question", asked);
      opts.input.value = "";
      setBusy(true);
      var pending = add("pending");
      pending.appendChild(el("span", "dots", "Searching the documents"));
      var request = { question: question, top_k: 5 };
      if (history.length) request.history = history.slice(-maxHistory);
      if (filters) request.filters = filters;
      fetch(base + "/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request)
      })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          pending.remove();
          if (body.error) {
            add("answer error", el("p", null, body.error.message));
            return;
          }
          add("answer", renderAnswer(body, view));
          if (body.answer) {
            var s = body.answer.sentence;
            history.push({ question: question, document: s.document.id, index: s.index });
            history = history.slice(-maxHistory);
          }
        })
        .catch(function () {
          return whyUnreachable(base).then(function (message) {
            pending.remove();
            add("answer error", el("p", null, message));
          });
        })
        .finally(function () {
          setBusy(false);
          opts.input.focus();
        });
    }

    opts.form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(opts.input.value);
    });
    if (opts.clear) {
      opts.clear.addEventListener("click", function () {
        history = [];
        while (opts.list.firstChild) opts.list.removeChild(opts.list.firstChild);
        if (opts.onChange) opts.onChange(false);
        opts.input.value = "";
        opts.input.focus();
      });
    }
    return { ask: ask, history: function () { return history.slice(); } };
  }

  // Why a request to the service failed, as a sentence for the reader. A browser reports a
  // request refused by CORS (the service does not list this page's origin) exactly like a
  // network failure: a TypeError, with no status. So for a service on another origin, probe
  // GET /api/health with mode "no-cors": such a request is not subject to CORS, and it
  // resolves (with an opaque response) only if the server is up. Up, yet the real request
  // failed: the service does not accept this origin. Probe failed too: it is unreachable.
  function whyUnreachable(base) {
    var unreachable = "The service could not be reached. Try again.";
    var target;
    try { target = new URL(base || location.href, location.href).origin; } catch (e) { target = null; }
    if (!target || target === location.origin || typeof fetch !== "function") {
      return Promise.resolve(unreachable);
    }
    return fetch(base + "/api/health", { mode: "no-cors", cache: "no-store" })
      .then(function () {
        return "This service does not accept questions from " + location.origin + ". Ask its " +
          "operator to add that origin to QA_CORS_ORIGINS.";
      }, function () { return unreachable; });
  }

  // The filters object of a request from its parts, empty parts left out; null if none.
  function makeFilters(parts) {
    var filters = {};
    var publishers = (parts.publisher || []).filter(function (p) { return p && p.trim(); });
    if (publishers.length) filters.publisher = publishers;
    if (parts.date_from) filters.date_from = parts.date_from;
    if (parts.date_to) filters.date_to = parts.date_to;
    var documents = (parts.documents || []).filter(function (d) { return d && d.trim(); });
    if (documents.length) filters.documents = documents;
    return Object.keys(filters).length ? filters : null;
  }

  QAChatFn.renderAnswer = renderAnswer;
  QAChatFn.makeFilters = makeFilters;
  QAChatFn.describeFilters = describeFilters;
  QAChatFn.humanDate = humanDate;
  QAChatFn.resolvedTime = resolvedTime;
  QAChatFn.whyUnreachable = whyUnreachable;
  return QAChatFn;
}());
