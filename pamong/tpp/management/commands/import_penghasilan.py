from collections.abc import Callable

from django.utils.translation import gettext_lazy

from pamong.tpp.income import penghasilan_import

from ._import import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Import the payroll's fixed monthly income per employee, for the BPJS cap "
        "(penghasilan.csv, key nip + bulan; docs/formats.md)."
    )
    label = gettext_lazy("penghasilan")

    def service(self) -> Callable[..., dict[str, int]]:
        return penghasilan_import
