"""What a shell user expects around a command, made from the parser itself so they cannot drift from it:
completion scripts for bash, zsh and fish (`case-review completion SHELL`) and a man page
(`case-review man`)."""

from __future__ import annotations

import argparse
import datetime
import shlex
from collections.abc import Iterator

import attrs

from simulator import __version__

SHELLS = ("bash", "zsh", "fish")


# --- the parser, as plain data -------------------------------------------------


@attrs.frozen
class Argument:
    flags: tuple[str, ...]  # empty for a positional
    metavar: str
    help: str
    choices: tuple[str, ...] = ()
    takes_value: bool = True
    many: bool = False  # a positional that takes several

    @property
    def completes(self) -> str:
        """What a value completes to: "dirs", "files", "choices" or "" (nothing to offer)."""
        if self.choices:
            return "choices"
        name = self.metavar.upper()
        if name == "DIR":
            return "dirs"
        if any(word in name for word in ("PATH", "FILE", ".JSON")):
            return "files"
        return ""


@attrs.frozen
class Command:
    name: str
    help: str
    description: str
    usage: str
    arguments: tuple[Argument, ...]

    @property
    def options(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.flags)

    @property
    def positionals(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if not a.flags)


def _arguments(parser: argparse.ArgumentParser) -> Iterator[Argument]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        takes_value = action.nargs != 0
        metavar = action.metavar if isinstance(action.metavar, str) else (action.dest.upper() if takes_value else "")
        choices = tuple(str(c) for c in action.choices) if action.choices else ()
        yield Argument(tuple(action.option_strings), metavar, action.help or "", choices, takes_value,
                       many=action.nargs in ("*", "+"))


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """The command itself (named ""), then each subcommand in the order `--help` lists them."""
    found = [Command("", parser.description or "", parser.description or "", parser.format_usage(),
                     tuple(_arguments(parser)))]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(Command(name, helps.get(name, ""), sub.description or helps.get(name, ""),
                                     sub.format_usage(), tuple(_arguments(sub))))
    return found


# --- completion ---------------------------------------------------------------


def completion(parser: argparse.ArgumentParser, shell: str) -> str:
    if shell == "fish":
        return _fish(parser)
    script = _bash(parser)
    if shell == "zsh":
        return ("#compdef case-review\n# zsh runs the bash completion through bashcompinit.\n"
                "autoload -U +X bashcompinit && bashcompinit\n" + script)
    return script


def _words(items: Iterator[str] | tuple[str, ...] | list[str]) -> str:
    return shlex.quote(" ".join(items))


def _bash(parser: argparse.ArgumentParser) -> str:
    found = commands(parser)
    names = [c.name for c in found[1:]]
    lines = [
        "# bash completion for case-review, made from its parser: `case-review completion bash`.",
        "_case_review() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" i',
        "    COMPREPLY=()",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f"            {'|'.join(names)}) cmd=\"${{COMP_WORDS[i]}}\"; break ;;",
        "        esac",
        "    done",
        '    case "$cmd:$prev" in',
    ]
    for command in found:
        for option in command.options:
            if not option.takes_value:
                continue
            pattern = "|".join(f"{command.name}:{flag}" for flag in option.flags)
            kind = option.completes
            reply = {"dirs": 'compgen -d -- "$cur"', "files": 'compgen -f -- "$cur"',
                     "choices": f'compgen -W {_words(option.choices)} -- "$cur"'}.get(kind, "")
            body = f"COMPREPLY=($({reply}))" if reply else "COMPREPLY=()"
            lines.append(f"        {pattern}) {body}; return ;;")
    lines += ["    esac", '    local options="" words="" files=""', '    case "$cmd" in']
    for command in found:
        label = '""' if not command.name else command.name
        options = [flag for option in command.options for flag in option.flags]
        words = names if not command.name else [c for a in command.positionals for c in a.choices]
        files = any(a.completes in ("files", "dirs") for a in command.positionals)
        lines.append(f"        {label}) options={_words(options)}; words={_words(words)}; "
                     f"files={'yes' if files else ''} ;;")
    lines += [
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$options" -- "$cur"))',
        "    else",
        '        COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        '        [[ -n "$files" ]] && COMPREPLY+=($(compgen -f -- "$cur"))',
        "    fi",
        "}",
        "complete -o filenames -F _case_review case-review",
        "",
    ]
    return "\n".join(lines)


def _fish_text(text: str) -> str:
    return "'" + " ".join(text.split()).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(parser: argparse.ArgumentParser) -> str:
    found = commands(parser)
    subs = found[1:]
    lines = ["# fish completion for case-review, made from its parser: `case-review completion fish`.",
             "complete -c case-review -f"]
    for command in subs:
        lines.append(f"complete -c case-review -n __fish_use_subcommand -a {command.name} "
                     f"-d {_fish_text(command.help)}")
    for command in found:
        condition = "__fish_use_subcommand" if not command.name else f"'__fish_seen_subcommand_from {command.name}'"
        for option in command.options:
            flags = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in option.flags)
            value = ""
            if option.takes_value:
                value = {"dirs": " -r -a '(__fish_complete_directories)'", "files": " -r -F",
                         "choices": f" -x -a {_fish_text(' '.join(option.choices))}"}.get(option.completes, " -x")
            lines.append(f"complete -c case-review -n {condition} {flags}{value} -d {_fish_text(option.help)}")
        for positional in command.positionals:
            if not command.name:
                continue
            if positional.completes == "choices":
                lines.append(f"complete -c case-review -n {condition} -a {_fish_text(' '.join(positional.choices))}")
            elif positional.completes in ("files", "dirs"):
                lines.append(f"complete -c case-review -n {condition} -F")
    return "\n".join(lines) + "\n"


# --- the man page ---------------------------------------------------------------

ENVIRONMENT = (
    ("CASE_REVIEW_DB", "The history database, when --db is not given."),
    ("CASE_REVIEW_CONFIG", "The config file (default: config.toml in the user config folder, such as "
                           "~/.config/case-review/ on Linux); `case-review config --path` prints it."),
    ("CASE_REVIEW_SETTINGS", "The settings the app remembers (the name and theme chosen in the app; default: "
                             "settings.json beside the config file)."),
    ("NO_COLOR", "Any value: no colour; every highlight and state still shows, in marks and words."),
    ("TEXTUAL_COLOR_SYSTEM", "standard, 256 or truecolor: the colours the terminal is told to use."),
)


def _roff(text: str) -> str:
    """Text safe in a man page: backslashes and hyphens escaped, no line starting with a control character."""
    text = " ".join(text.split()).replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def man_page(parser: argparse.ArgumentParser, today: datetime.date | None = None) -> str:
    found = commands(parser)
    top, subs = found[0], found[1:]
    date = (today or datetime.date.today()).isoformat()
    out = [f'.TH CASE\\-REVIEW 1 "{date}" "case-review {__version__}" "User Commands"', ".SH NAME",
           "case\\-review \\- " + _roff(top.description), ".SH SYNOPSIS",
           ".B case\\-review", "[\\fIOPTIONS\\fR]", ".br", ".B case\\-review", "\\fICOMMAND\\fR [\\fIARGS\\fR]",
           ".SH DESCRIPTION",
           _roff("With no command, case-review opens the app on the bundled library of cases. The commands check "
                 "and show scenario files, score transcripts, and list and export a trainee's sessions."),
           ".SH OPTIONS"]
    out += _options(top)
    out.append(".SH COMMANDS")
    for command in subs:
        usage = command.usage.removeprefix("usage: ").strip()
        out += [f".SS {_roff(command.name)}", ".nf", _roff(" ".join(usage.split())), ".fi", _roff(command.description)]
        for positional in command.positionals:
            out += [".TP", f"\\fI{_roff(positional.metavar)}\\fR" + (" ..." if positional.many else ""),
                    _roff(positional.help)]
        out += _options(command)
    out.append(".SH ENVIRONMENT")
    for name, text in ENVIRONMENT:
        out += [".TP", f".B {name}", _roff(text)]
    out += [".SH FILES", ".TP", ".I config.toml",
            _roff("Your config file: the default trainee, the theme, where the history and exports go, and your "
                  "own keys. docs/config.md describes it; `case-review config --check` checks it."),
            ".SH EXIT STATUS", _roff("0 on success, 1 on problems or bad input, 2 on a usage error."),
            ".SH SEE ALSO", _roff("The README, docs/scenario-format.md and docs/config.md in the project.")]
    return "\n".join(out) + "\n"


def _options(command: Command) -> list[str]:
    out = []
    for option in command.options:
        if option.flags == ("-h", "--help"):
            continue
        flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in option.flags)
        value = f" \\fI{_roff(option.metavar)}\\fR" if option.takes_value and option.metavar else ""
        choices = f" (one of: {', '.join(option.choices)})" if option.choices else ""
        out += [".TP", flags + value, _roff(option.help + choices)]
    return out
