// Starts the conversation on the chat page and on /embed (see chat-core.js).
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var list = document.getElementById("messages");
  var examples = document.getElementById("examples");
  var clear = document.getElementById("clear");
  var chat = QAChat({
    base: "",
    form: form,
    input: input,
    list: list,
    clear: clear,
    newTab: document.body.classList.contains("embed"),
    maxHistory: parseInt(form.getAttribute("data-max-history"), 10) || 10,
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
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });
}());
