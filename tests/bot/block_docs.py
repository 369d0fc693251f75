"""Small Markdown documents whose answers come with a code block, a list or a table."""

from __future__ import annotations

STEPS = [f"    step_{i:03} = configure(option_{i:03}, value={i})" for i in range(300)]
EVIL_CODE = (
    "Some text\n```\n[click me](http://evil.example) @everyone <@123456789012345678> **bold**\n```\ndone"
)

DOCS = {
    "timeouts.md": """# Timeouts

You can set timeouts for an individual request:

```python
httpx.get('http://example.com', timeout=10.0)
```
""",
    "settings.md": """# Configuration precedence

The settings are read from these places, in order:

- From the environment variables.
- From the .env file.
- From the defaults in the code.

# Status codes

| code | meaning |
| --- | --- |
| 200 | the request succeeded |
| 404 | the page was not found |
| 418 | the server is a teapot |
""",
    "install.md": "# Installing the widget\n\nTo install the widget on a server, run this script:\n\n"
    "```python\n" + "\n".join(STEPS) + "\n```\n",
    "client.md": "# Clients\n\nMake one and reuse it:\n\n```python\nclient = httpx.Client(http2=True)\n```\n",
    "evil.md": f"# Evil\n\nThe exploit sample looks like this:\n\n````markdown\n{EVIL_CODE}\n````\n",
}

TIMEOUT = "how do I set a timeout"
INSTALL = "how do I install the widget on a server"
PRECEDENCE = "are settings read from the .env file"  # the list item "From the .env file."
TEAPOT = "what does status 418 mean"
EXPLOIT = "what does the exploit sample look like"
RELATED = "widget baking recipe for servers"  # no answer, but the install page is close
TYPO = "how do i instal the widgte"
HTTP2 = "httpx.Client(http2=True)"  # matches the code block itself, which a sentence leads into
