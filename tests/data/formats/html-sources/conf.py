project = "discord.py FAQ sample"
html_theme = "alabaster"
