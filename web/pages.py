"""The pages people see: the chat at ``/``."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

__all__ = ["bp"]

bp = Blueprint("pages", __name__)


@bp.get("/")
def chat() -> str:
    engine = current_app.extensions["qa"]
    return render_template("chat.html", documents=len(engine.documents))
