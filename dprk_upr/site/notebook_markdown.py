"""MyST prose written out as plain notebook Markdown, for the notebook editions of the chapters.

:func:`convert_markdown` turns a chapter's Markdown cell into what Jupyter, Colab and GitHub
render: ``{glue:text}`` roles and ``{glue:figure}`` blocks replaced by their values (a
:class:`Resolver` holds the glue of the page and of other pages), cross-references and citations
written out ("Figure 2.1", "(Bailey, Strezhnev and Voeten 2017)"), admonitions and exercises as
quoted paragraphs, labels and comments dropped. :mod:`dprk_upr.site.colab` assembles the editions
from it.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Resolver:
    """What a chapter's MyST prose refers to, for writing it out as plain Markdown.

    ``glue`` maps a glue key to its stored output (a dict with ``data``, as in myst-nb's
    ``<page>.glue.json``); ``other_glue`` returns the glue of another page (``doc::key`` roles);
    ``numbers`` maps a label to its number as the site prints it ("Figure 2.1"); ``titles`` a
    label or page to its title; ``citations`` a bibliography key to its author-year label
    ("Bailey, Strezhnev and Voeten 2017") and ``entries`` to its entry in the reference list
    (Markdown). Keys that are not found are kept as they are written, so the caller can report them.
    """

    glue: dict = field(default_factory=dict)
    other_glue: Callable[[str], dict] | None = None
    numbers: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    citations: dict = field(default_factory=dict)
    entries: dict = field(default_factory=dict)
    cited: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    def glued(self, key: str) -> dict | None:
        doc, sep, name = key.partition("::")
        if sep and self.other_glue is not None:
            return self.other_glue(doc).get(name)
        return self.glue.get(key)


_ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:+-]*)\}`(?P<text>[^`]+)`")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<arg>.*?)\s*$")
_PLAIN_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?!.*\{)")
_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)

ADMONITIONS = {
    "note": "Note",
    "warning": "Warning",
    "tip": "Tip",
    "important": "Important",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "hint": "Hint",
    "seealso": "See also",
    "admonition": "",
    "dropdown": "",
    "margin": "",
    "sidebar": "",
    "topic": "",
    "card": "",
}
DROPPED = {"bibliography", "toctree", "tableofcontents", "contents", "raw"}


def plain_text(text: str, fmt: str = "") -> str:
    """A glued ``text/plain`` value as myst-nb prints it with ``{glue:text}`` (quotes of a string
    removed, then Python's format specification ``fmt`` applied).

    >>> plain_text("0.4567", ".1f"), plain_text("'PSE'"), plain_text("1234", ",d")
    ('0.5', 'PSE', '1,234')
    """
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if not fmt:
        return str(value)
    kind = fmt[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt)


def _image(data: dict, alt: str) -> str | None:
    alt = alt.replace("[", "(").replace("]", ")").replace("\n", " ")
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        svg = "".join(svg) if isinstance(svg, list) else svg
        encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f"![{alt}](data:image/svg+xml;base64,{encoded})"
    for mime in ("image/png", "image/jpeg", "image/gif"):
        if mime in data:
            encoded = re.sub(r"\s+", "", "".join(data[mime]) if isinstance(data[mime], list) else data[mime])
            return f"![{alt}](data:{mime};base64,{encoded})"
    return None


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def glued_markdown(output: dict, alt: str = "", inline: bool = False) -> str:
    """A glued output as Markdown: an image (embedded, base64), an HTML table, Markdown, LaTeX
    or its plain text, in that order of preference."""
    data = output.get("data", output)
    image = _image(data, alt)
    if image:
        return image
    if "text/html" in data:
        markup = _text(data["text/html"]).strip()
        return markup if inline else f"\n{markup}\n"
    if "text/markdown" in data:
        return _text(data["text/markdown"]).strip()
    if "text/latex" in data:
        return _text(data["text/latex"]).strip()
    return plain_text(_text(data.get("text/plain", "")))


def _cite_text(role: str, keys: list[str], resolver: Resolver) -> str:
    labels = []
    for key in keys:
        label = resolver.citations.get(key)
        if label is None:
            resolver.missing.append(f"citation {key}")
            label = key
        elif key not in resolver.cited:
            resolver.cited.append(key)
        labels.append(label)
    kind = role.partition(":")[2] or "p"
    split = [(label.rsplit(" ", 1) + [""])[:2] for label in labels]
    if kind in ("t", "ts"):
        return "; ".join(f"{who} ({year})" for who, year in split)
    if kind == "author":
        return "; ".join(who for who, _ in split)
    if kind == "year":
        return "; ".join(year for _, year in split)
    if kind in ("alp", "alps", "text"):
        return "; ".join(labels)
    return "(" + "; ".join(labels) + ")"


def _reference(role: str, text: str, resolver: Resolver) -> str:
    explicit = _EXPLICIT.match(text)
    shown, target = (explicit["text"], explicit["target"]) if explicit else (None, text)
    target = target.strip()
    if role == "numref":
        number = resolver.numbers.get(target)
        if number is None:
            resolver.missing.append(f"numref {target}")
            return shown or target
        if shown:
            digits = number.rsplit(" ", 1)[-1]
            return (
                shown.replace("%s", digits)
                .replace("{number}", digits)
                .replace("{name}", resolver.titles.get(target, ""))
            )
        return number
    if shown:
        return shown
    number = resolver.numbers.get(target)
    if number and number.startswith("Exercise"):
        return number  # sphinx-exercise prints a reference to an exercise as its number
    title = resolver.titles.get(target) or resolver.titles.get(target.lstrip("/"))
    if title is None:
        resolver.missing.append(f"{role} {target}")
        return target
    return title


def _role(match: re.Match, resolver: Resolver) -> str:
    role, text = match["role"], match["text"]
    if role in ("glue:text", "glue", "glue:", "glue:any", "glue:md"):
        key, fmt = text, ""
        if role == "glue:text" and ":" in text.replace("::", "\0"):
            key, _, fmt = text.replace("::", "\0").rpartition(":")
            key = key.replace("\0", "::")
        output = resolver.glued(key)
        if output is None:
            resolver.missing.append(f"glue {key}")
            return match.group(0)
        data = output.get("data", {})
        if role == "glue:text" or set(data) <= {"text/plain"}:
            return plain_text(_text(data.get("text/plain", "")), fmt)
        return glued_markdown(output, inline=True)
    if role.startswith("cite"):
        return _cite_text(role, [k.strip() for k in text.split(",") if k.strip()], resolver)
    if role in ("numref", "ref", "doc", "eq", "any"):
        return _reference(role, text, resolver)
    if role == "math":
        return f"${text}$"
    if role.startswith("py:"):
        explicit = _EXPLICIT.match(text)
        if explicit and explicit["text"]:
            return explicit["text"]
        name = text.strip()
        if name.startswith("~"):
            name = name[1:].rsplit(".", 1)[-1]
        return f"`{name}`"
    explicit = _EXPLICIT.match(text)
    return explicit["text"] if explicit and explicit["text"] else text


def _inline(line: str, resolver: Resolver) -> str:
    return _ROLE.sub(lambda m: _role(m, resolver), line)


def _split_directive(body: list[str]) -> tuple[dict, list[str]]:
    """The options (``:key: value`` lines or a ``---`` YAML block) and the content of a directive."""
    options, i = {}, 0
    if body and body[0].strip() == "---":
        import yaml

        end = next((j for j in range(1, len(body)) if body[j].strip() == "---"), None)
        if end is not None:
            options = yaml.safe_load("\n".join(body[1:end])) or {}
            i = end + 1
    while i < len(body) and _OPTION.match(body[i].strip()):
        m = _OPTION.match(body[i].strip())
        options[m["key"]] = m["value"]
        i += 1
    while i < len(body) and not body[i].strip():
        i += 1
    return options, body[i:]


def _quoted(lines: list[str]) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in lines]


def _directive(name: str, arg: str, body: list[str], resolver: Resolver) -> list[str]:
    options, content = _split_directive(body)
    if name in DROPPED:
        return []
    if name in ("code-block", "code", "sourcecode", "code-cell"):
        return [f"```{arg}".rstrip(), *content, "```"]
    if name == "math":
        return ["$$", *content, "$$"]
    text = convert_markdown("\n".join(content), resolver).split("\n") if content else []
    if name.startswith("glue"):
        output = resolver.glued(arg)
        if output is None:
            resolver.missing.append(f"glue {arg}")
            return [f"{{{name}}}`{arg}`", *text]
        caption = " ".join(t.strip() for t in text if t.strip())
        label = options.get("name") or options.get("label") or ""
        number = resolver.numbers.get(label) if label else None
        shown = glued_markdown(output, alt=options.get("alt") or caption or arg)
        lines = [*shown.split("\n")]
        if caption or number:
            lines += ["", f"**{number}.** {caption}".strip() if number else f"*{caption}*"]
        return lines
    label = options.get("label") or options.get("name") or ""
    number = resolver.numbers.get(label) if label else None
    if name in ("figure", "image"):
        alt = options.get("alt") or " ".join(text) or arg
        lines = [f"![{alt}]({arg})"]
        if text:
            lines += ["", f"**{number}.** " + " ".join(text) if number else "*" + " ".join(text) + "*"]
        return lines
    if name in ("solution-end", "exercise-end"):
        return []
    if name == "solution-start":
        exercise = resolver.numbers.get(arg.strip()) or resolver.titles.get(arg.strip()) or arg
        return [f"**Solution to {exercise}.**", *([""] + text if text else [])]
    if name == "exercise-start":
        title = _inline(arg, resolver)
        heading = f"**{number}**" + (f" ({title})" if title else "") if number else f"**{title or 'Exercise'}**"
        return [heading, *([""] + text if text else [])]
    if name == "solution":
        exercise = resolver.numbers.get(arg.strip()) or resolver.titles.get(arg.strip()) or arg
        return _quoted([f"**Solution to {exercise}.**", "", *text])
    if name in ADMONITIONS:
        title = ADMONITIONS[name]
        heading = (
            _inline(arg, resolver) if name in ("admonition", "dropdown", "margin", "sidebar", "topic", "card") else ""
        )
        if not heading and arg and name not in ("admonition",):
            text = [_inline(arg, resolver), *text]
        heading = heading or title
        return _quoted([f"**{heading}.**" if heading else "", *text]) if heading else _quoted(text)
    # exercises and any other block: its number and title in bold, then its content
    title = _inline(arg, resolver)
    if number:
        heading = f"**{number}**" + (f" ({title})" if title else "")
    else:
        heading = f"**{title or name.capitalize()}**"
    return _quoted([heading, "", *text])


def convert_markdown(source: str, resolver: Resolver) -> str:
    """MyST Markdown as plain notebook Markdown: roles and blocks replaced (see :class:`Resolver`),
    label targets ``(name)=`` and comments ``%`` dropped, plain code fences kept as they are."""
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        plain = None if fence else _PLAIN_FENCE.match(line)
        if fence or plain:
            mark = (fence or plain)["fence"]
            char, width = mark[0], len(mark)
            j = i + 1
            while j < len(lines) and not (set(lines[j].strip()) == {char} and len(lines[j].strip()) >= width):
                j += 1
            body = lines[i + 1 : j]
            if fence:
                out.extend(_directive(fence["name"], fence["arg"], body, resolver))
            else:
                out.extend([line, *body, lines[j] if j < len(lines) else mark])
            i = j + 1
            continue
        if _TARGET.match(line) or line.lstrip().startswith("%"):
            i += 1
            continue
        out.append(_inline(line, resolver))
        i += 1
    return "\n".join(out).strip("\n")
