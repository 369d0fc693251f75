"""A thin discord.py adapter over `retrieval`: /ask, mentions, buttons, /sources, /reload.

`python -m bot` runs it; `python -m bot --check` checks the setup without connecting;
`python -m bot.local` answers in a terminal, in the same form, without a token.
"""
