from collections.abc import Callable

from django.utils.translation import gettext_lazy

from pamong.tpp.services import sanctions_import

from ._import import FileImportCommand


class Command(FileImportCommand):
    help = "Import sanctions that cut TPP (sanctions.csv, key nip + mulai; docs/formats.md)."
    label = gettext_lazy("sanksi")

    def service(self) -> Callable[..., dict[str, int]]:
        return sanctions_import
