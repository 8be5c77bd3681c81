"""The built site drops theme files no browser loads, and only those."""

from pathlib import Path

from dprk_upr.site.weight import trim_static


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_trim_static_removes_maps_locales_and_ttf_beside_woff2(tmp_path):
    static = tmp_path / "_static"
    script = _write(static / "scripts" / "theme.js", "let a = 1;\n//# sourceMappingURL=theme.js.map\n")
    style = _write(static / "styles" / "theme.css", "a{color:red}\n/*# sourceMappingURL=theme.css.map */\n")
    _write(static / "scripts" / "theme.js.map", "{}")
    _write(static / "styles" / "theme.css.map", "{}")
    _write(static / "locales" / "de" / "LC_MESSAGES" / "booktheme.mo", "x")
    woff = _write(static / "fonts" / "icons.woff2", "w")
    _write(static / "fonts" / "icons.ttf", "t")
    lone_ttf = _write(static / "fonts" / "only.ttf", "t")

    removed = {path.relative_to(static).as_posix() for path in trim_static(tmp_path)}

    assert removed == {
        "scripts/theme.js.map",
        "styles/theme.css.map",
        "locales/de/LC_MESSAGES/booktheme.mo",
        "fonts/icons.ttf",
    }
    assert not (static / "locales").exists()
    assert woff.exists() and lone_ttf.exists()
    assert script.read_text() == "let a = 1;\n"
    assert style.read_text() == "a{color:red}\n"


def test_trim_static_without_static_folder(tmp_path):
    assert trim_static(tmp_path) == []


def _theme(tmp_path: Path, css: str) -> Path:
    _write(tmp_path / "_static" / "styles" / "pydata-sphinx-theme.css", css)
    _write(tmp_path / "_static" / "scripts" / "fontawesome.js", "svg icons")
    page = _write(
        tmp_path / "book" / "intro.html",
        '<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '  <script defer src="../_static/scripts/bootstrap.js?digest=1"></script>\n</head>',
    )
    return page


def test_icon_script_dropped_when_the_stylesheet_draws_the_icons(tmp_path):
    from dprk_upr.site.weight import drop_icon_script

    page = _theme(
        tmp_path,
        '@font-face{font-family:"Font Awesome 6 Free";src:url(fa-solid-900.woff2)}.fa-solid{font-weight:900}',
    )
    removed = drop_icon_script(tmp_path)
    assert [p.name for p in removed] == ["fontawesome.js"]
    assert "fontawesome.js" not in page.read_text()
    assert "bootstrap.js" in page.read_text()


def test_icon_script_kept_when_the_stylesheet_has_no_icons(tmp_path):
    from dprk_upr.site.weight import drop_icon_script

    page = _theme(tmp_path, "body{color:black}")
    assert drop_icon_script(tmp_path) == []
    assert "fontawesome.js" in page.read_text()
    assert (tmp_path / "_static" / "scripts" / "fontawesome.js").exists()
