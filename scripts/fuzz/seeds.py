#!/usr/bin/env python3
"""Seeds a fuzz target's corpus from the test fixtures: the string literals of the tests.

    python3 scripts/fuzz/seeds.py TARGET CORPUS_DIR

reply   every JSON literal of Tests/DJSClientTests and Tests/DJSJobsTests, as a reply body
        (`STATUS\\n` first: the status a literal is given with on its line, else 200)
config  every JSON literal of the configuration tests, once per selector (djs's file, the
        SDK's file, --config, both; with and without --profile p)
http    every literal of Tests/DevoSimTests that holds an HTTP request, plus the JSON literals
        of the simulator's tests as bodies of signed-in POST /search/query requests

Files are named after a hash of their content, so running it again adds nothing twice.
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

# A raw literal #"…"#, a multi-line literal """…""" (optionally raw), or an ordinary "…".
LITERAL = re.compile(r'(#?)"""\n(.*?)\n([ \t]*)"""\1|#"(.*?)"#|"((?:[^"\\\n]|\\.)*)"', re.S)
ESCAPE = re.compile(r'\\(u\{[0-9A-Fa-f]+\}|.)', re.S)
STATUS = re.compile(r'status(?:Code)?: *([1-5][0-9][0-9])\b')


def unescape(text):
    simple = {'n': '\n', 'r': '\r', 't': '\t', '0': '\0', '"': '"', "'": "'", '\\': '\\'}

    def one(match):
        code = match.group(1)
        if code.startswith('u{'):
            return chr(int(code[2:-1], 16))
        return simple.get(code, '\\' + code)

    return ESCAPE.sub(one, text)


def literals(path):
    """(text, line) for each string literal of a Swift file, escapes decoded."""
    source = path.read_text(encoding='utf-8')
    for match in LITERAL.finditer(source):
        raw_marker, block, indent, raw, plain = match.groups()
        line = source.count('\n', 0, match.start()) + 1
        line_text = source.splitlines()[line - 1] if line - 1 < len(source.splitlines()) else ''
        if block is not None:
            lines = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in block.split('\n')]
            text = '\n'.join(lines)
            yield (text if raw_marker else unescape(text)), line_text
        elif raw is not None:
            yield raw, line_text
        else:
            yield unescape(plain), line_text


def json_literals(folders):
    for folder in folders:
        for path in sorted((ROOT / folder).glob('*.swift')):
            for text, line in literals(path):
                stripped = text.strip()
                if len(stripped) >= 2 and stripped[0] in '{[' and stripped[-1] in '}]':
                    yield text, line


def reply_seeds():
    for text, line in json_literals(['Tests/DJSClientTests', 'Tests/DJSJobsTests']):
        status = STATUS.search(line)
        yield f"{status.group(1) if status else 200}\n{text}".encode()


def config_seeds():
    for text, _ in json_literals(['Tests/DJSClientTests']):
        for selector in range(8):
            yield bytes([selector]) + text.encode()


def http_seeds():
    for path in sorted((ROOT / 'Tests/DevoSimTests').glob('*.swift')):
        for text, _ in literals(path):
            if 'HTTP/1.' in text or text.endswith('\r\n\r\n'):
                yield text.encode('latin-1', errors='replace') if max(map(ord, text), default=0) < 256 \
                    else text.encode()
    signed_in = 'Authorization: Bearer fuzz-token\r\n'
    for method_path in ['GET /search/jobs', 'GET /search/job/j1', 'GET /search/job/stop/j1',
                        'GET /search/job/start/j1', 'GET /search/job/remove/j1']:
        yield f"{method_path} HTTP/1.1\r\nHost: sim\r\n{signed_in}\r\n".encode()
    for text, _ in json_literals(['Tests/DevoSimTests']):
        body = text.encode()
        yield (f"POST /search/query HTTP/1.1\r\nHost: sim\r\n{signed_in}Content-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def main():
    target, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
    seeds = {'reply': reply_seeds, 'config': config_seeds, 'http': http_seeds}[target]()
    corpus.mkdir(parents=True, exist_ok=True)
    count = 0
    for seed in seeds:
        (corpus / f"seed-{hashlib.sha1(seed).hexdigest()[:16]}").write_bytes(seed)
        count += 1
    print(f"seeded {count} {target} inputs from the test fixtures")


if __name__ == '__main__':
    main()
