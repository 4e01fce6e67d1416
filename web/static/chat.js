// Starts the conversation on the chat page and on /embed (see chat-core.js).
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var list = document.getElementById("messages");
  var examples = document.getElementById("examples");
  var clear = document.getElementById("clear");
  var filters = filterBar();
  var chat = QAChat({
    base: "",
    form: form,
    input: input,
    list: list,
    clear: clear,
    newTab: document.body.classList.contains("embed"),
    maxHistory: parseInt(form.getAttribute("data-max-history"), 10) || 10,
    filters: filters.value,
    onChange: function (started) {
      if (examples) examples.hidden = started;
      if (clear) clear.hidden = !started;
    }
  });
  if (examples) {
    examples.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-question]");
      if (button) chat.ask(button.getAttribute("data-question"));
    });
  }
  // The filter bar (absent when the documents have neither publishers nor dates): its
  // fields become the "filters" of every question; the summary says what is chosen.
  function filterBar() {
    var bar = document.getElementById("filters");
    var publisher = document.getElementById("filter-publisher");
    var from = document.getElementById("filter-from");
    var to = document.getElementById("filter-to");
    var summary = document.getElementById("filters-summary");
    var reset = document.getElementById("filters-clear");

    function value() {
      return QAChat.makeFilters({
        publisher: publisher && publisher.value ? [publisher.value] : [],
        date_from: from && from.value, date_to: to && to.value
      });
    }
    function update() {
      // a range the wrong way round is refused by the browser, with its own message
      if (from && to) { to.min = from.value; from.max = to.value; }
      var chosen = value();
      summary.textContent = chosen ? QAChat.describeFilters(chosen) : "all documents";
      bar.classList.toggle("active", !!chosen);
      reset.disabled = !chosen;
    }
    if (!bar) return { value: function () { return null; } };
    // a field the browser finds invalid (a range the wrong way round) is shown, with its
    // message, even when the bar was folded
    form.addEventListener("invalid", function () { bar.open = true; }, true);
    // on a small screen the open bar would hide the conversation: fold it once a
    // question is sent (its summary still says what is chosen)
    form.addEventListener("submit", function () {
      if (window.matchMedia("(max-width: 40rem)").matches) bar.open = false;
    });
    [publisher, from, to].forEach(function (field) {
      if (field) field.addEventListener("change", update);
      if (field) field.addEventListener("input", update);
    });
    reset.addEventListener("click", function () {
      [publisher, from, to].forEach(function (field) { if (field) field.value = ""; });
      update();
      (publisher || from).focus();
    });
    update();
    return { value: value };
  }

  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    var typing = active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
    }
  });
}());
