"""python manage.py draft_amendments --current A.txt --proposed B.txt [--act-json F]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legislation import conf
from legislation.acts import Act
from legislation.amend import Amendment, draft
from legislation.structure import NotALaw


class Command(BaseCommand):
    help = "Print the amending bill (Markdown) for an act's current and proposed wording."

    def add_arguments(self, parser):
        parser.add_argument("--current", required=True, help="the act's current wording (.txt)")
        parser.add_argument("--proposed", required=True, help="the proposed wording (.txt)")
        parser.add_argument(
            "--act-json",
            help='the act: {"kind", "date", "number", "title", "source"}, as the API takes it',
        )
        parser.add_argument(
            "--entry-into-force",
            default="",
            help="«по истечении десяти дней после дня его официального опубликования»: "
            "adds the entry-into-force article",
        )

    def handle(self, *args, **options):
        texts = {}
        for name in ("current", "proposed"):
            path = Path(options[name])
            try:
                texts[name] = path.read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{path}: {error}") from error
            if len(texts[name]) > conf.max_text_chars():
                raise CommandError(f"{path}: longer than {conf.max_text_chars()} characters")
        act = Act()
        if options["act_json"]:
            try:
                act = Act.from_dict(json.loads(Path(options["act_json"]).read_text("utf-8")))
            except (OSError, ValueError, TypeError) as error:
                raise CommandError(f"{options['act_json']}: {error}") from error
        try:
            result = draft(
                [Amendment(act=act, current=texts["current"], proposed=texts["proposed"])],
                options=conf.draft_options(),
                entry_into_force=options["entry_into_force"],
            )
        except NotALaw as error:
            raise CommandError(f"not the text of a law: {error}") from error
        self.stdout.write(result.bill, ending="")
        for problem in result.problems:
            self.stderr.write(f"{problem['kind']}: {problem['unit']}: {problem['text']}")
