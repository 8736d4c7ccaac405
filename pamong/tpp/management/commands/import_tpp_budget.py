from collections.abc import Callable

from django.utils.translation import gettext_lazy

from pamong.tpp.services import budget_import

from ._import import FileImportCommand


class Command(FileImportCommand):
    help = "Import yearly TPP ceilings per OPD (kode_unit, tahun, pagu; docs/formats.md)."
    label = gettext_lazy("anggaran")

    def service(self) -> Callable[..., dict[str, int]]:
        return budget_import
