"""Name lists and place names for the demo tenants, flavoured by region.

Everything here is invented demo data. Place names are real kecamatan and kelurahan so the
screens look familiar to Pemda staff; people are random combinations of common names.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    male: tuple[str, ...]
    female: tuple[str, ...]
    # Family names (marga, fam) or second names; Minang names rarely carry a family name.
    family: tuple[str, ...]
    family_share: float
    # Gendered second names ("Putra", "Putri") for regions without family names.
    second_male: tuple[str, ...] = ()
    second_female: tuple[str, ...] = ()
    hajj_share: float = 0.0
    banks: tuple[str, ...] = ("Bank BRI", "Bank BNI", "Bank Mandiri", "Bank Syariah Indonesia")
    regional_bank: str = ""


MALUKU_UTARA = Region(
    male=(
        "Muhammad",
        "Abdul",
        "Rahmat",
        "Jufri",
        "Samsudin",
        "Ismail",
        "Arifin",
        "Hasan",
        "Sahril",
        "Irfan",
        "Rizal",
        "Fadli",
        "Amran",
        "Bahrudin",
        "Kasman",
        "Yusuf",
        "Ikbal",
        "Mochtar",
        "Nasir",
        "Yosias",
        "Frans",
        "Hendrik",
        "Sumitro",
        "Ridwan",
    ),
    female=(
        "Nurhayati",
        "Fatma",
        "Hasnah",
        "Siti",
        "Rosita",
        "Sartika",
        "Nurlela",
        "Aminah",
        "Rahma",
        "Yuliana",
        "Ningsih",
        "Saida",
        "Hadija",
        "Wahida",
        "Nursia",
        "Marlina",
        "Susana",
        "Megawati",
        "Sri",
        "Farida",
    ),
    family=(
        "Sangaji",
        "Umasugi",
        "Tomagola",
        "Bailussy",
        "Marsaoly",
        "Sibela",
        "Taher",
        "Albaar",
        "Djafar",
        "Mahmud",
        "Soleman",
        "Latif",
        "Kader",
        "Hamid",
        "Mansur",
        "Abbas",
        "Hasyim",
        "Conoras",
        "Kiat",
        "Do Hasan",
        "Mustafa",
        "Ruray",
        "Lamadi",
        "Sarapung",
    ),
    family_share=0.85,
    hajj_share=0.06,
    regional_bank="Bank Maluku Malut",
)

NTT = Region(
    male=(
        "Yohanis",
        "Yosef",
        "Fransiskus",
        "Marthen",
        "Daniel",
        "Yakobus",
        "Petrus",
        "Agustinus",
        "Simon",
        "Aleksander",
        "Melkianus",
        "Ferdinand",
        "Jefri",
        "Roni",
        "Obed",
        "Arnoldus",
        "Herman",
        "Stefanus",
        "Ignasius",
        "Semuel",
        "Paulus",
        "Benyamin",
    ),
    female=(
        "Maria",
        "Yuliana",
        "Agustina",
        "Martha",
        "Elisabeth",
        "Yohana",
        "Ferderika",
        "Novita",
        "Selfina",
        "Imelda",
        "Margaretha",
        "Debora",
        "Ance",
        "Fransiska",
        "Orpa",
        "Theresia",
        "Yublina",
        "Marlin",
        "Sarlin",
        "Priska",
    ),
    family=(
        "Ndoen",
        "Bria",
        "Seran",
        "Lado",
        "Fanggidae",
        "Manafe",
        "Tefa",
        "Benu",
        "Nenabu",
        "Pellokila",
        "Messakh",
        "Lenggu",
        "Adoe",
        "Dethan",
        "Tallo",
        "Foenay",
        "Kapitan",
        "Bessie",
        "Nalle",
        "Tanesib",
        "Riwu Kaho",
        "Ndun",
        "Mooy",
        "Toelle",
        "Liunokas",
        "Boimau",
        "Nubatonis",
        "Lete",
        "Nahak",
        "Klau",
    ),
    family_share=0.97,
    regional_bank="Bank NTT",
)

SULTENG = Region(
    male=(
        "Moh.",
        "Abdul",
        "Rusdi",
        "Irwan",
        "Syamsul",
        "Hidayat",
        "Ridwan",
        "Nasrun",
        "Arman",
        "Hasanuddin",
        "Iskandar",
        "Sofyan",
        "Hamka",
        "Taufik",
        "Zainal",
        "Andi",
        "Rahmat",
        "Firman",
        "Agus",
        "Mashud",
        "Yahya",
        "Sudarman",
    ),
    female=(
        "Nurhaedah",
        "Hasniah",
        "Sitti",
        "Rahmawati",
        "Nurjannah",
        "Hadijah",
        "Sulfiana",
        "Asmiati",
        "Irma",
        "Musdalifah",
        "Andi",
        "Rosmiati",
        "Nurlina",
        "Hartati",
        "Fitriani",
        "Mardiana",
        "Sumarni",
        "Harlina",
        "Jumriani",
    ),
    family=(
        "Lamarauna",
        "Tombolotutu",
        "Lasimpo",
        "Djanggola",
        "Lahati",
        "Pakamundi",
        "Tondji",
        "Lagarutu",
        "Lamakarate",
        "Latjupa",
        "Ibrahim",
        "Rahman",
        "Tahir",
        "Saleh",
        "Amir",
        "Lahiya",
        "Bantilan",
        "Yotomaruangi",
        "Labaso",
        "Paliudju",
        "Mangge",
        "Dg. Matona",
    ),
    family_share=0.8,
    hajj_share=0.08,
    regional_bank="Bank Sulteng",
)

MINANG = Region(
    male=(
        "Afrizal",
        "Yulizar",
        "Syafrizal",
        "Rahmat",
        "Fauzan",
        "Hendri",
        "Yusrizal",
        "Zulkifli",
        "Efendi",
        "Rizki",
        "Deri",
        "Andri",
        "Ilham",
        "Fadhil",
        "Erwin",
        "Roni",
        "Asrul",
        "Masrul",
        "Yondri",
        "Dasril",
        "Nofrizal",
        "Zulhendri",
    ),
    female=(
        "Yusnita",
        "Rosmawati",
        "Desmawati",
        "Yulia",
        "Fitri",
        "Ratna",
        "Nofrianti",
        "Elvina",
        "Susi",
        "Gusnita",
        "Yeni",
        "Meri",
        "Rahmi",
        "Wahyuni",
        "Lismawati",
        "Yelfi",
        "Hayatul",
        "Rini",
        "Novia",
        "Zurmailis",
    ),
    family=(
        "Chaniago",
        "Piliang",
        "Koto",
        "Tanjung",
        "Sikumbang",
        "Jambak",
        "Guci",
        "Pitopang",
        "Melayu",
        "Sipisang",
        "Bendang",
        "Panyalai",
    ),
    family_share=0.3,
    second_male=("Putra", "Saputra", "Syahputra", "Hidayat", "Rahman", "Fauzi", "Anwar"),
    second_female=("Putri", "Yanti", "Sari", "Wati", "Yenti", "Fitriani", "Rahmadani"),
    hajj_share=0.07,
    regional_bank="Bank Nagari",
)

MIXED = Region(
    male=MALUKU_UTARA.male + NTT.male + SULTENG.male + MINANG.male + ("Budi", "Eko", "Joko"),
    female=MALUKU_UTARA.female + NTT.female + SULTENG.female + MINANG.female + ("Sri", "Dewi"),
    family=MALUKU_UTARA.family + NTT.family + SULTENG.family + ("Santoso", "Wibowo", "Lubis"),
    family_share=0.75,
    second_male=MINANG.second_male,
    second_female=MINANG.second_female,
    hajj_share=0.04,
    regional_bank="Bank Pembangunan Daerah",
)


@dataclass(frozen=True)
class TenantPreset:
    slug: str
    name: str
    timezone: str
    employees: int
    region: Region
    # kecamatan -> kelurahan, in the order they are used.
    kecamatan: dict[str, tuple[str, ...]] = field(default_factory=dict)


PRESETS: dict[str, TenantPreset] = {
    p.slug: p
    for p in (
        TenantPreset(
            "sofifi", "Kota Sofifi", "Asia/Jayapura", 400, MALUKU_UTARA,
            {
                "Oba Utara": ("Sofifi", "Guraping", "Galala", "Akelamo", "Tauno", "Kaiyasa"),
                "Oba Tengah": ("Akelamo Kota", "Gita", "Bale", "Kusu"),
                "Oba": ("Payahe", "Maidi", "Hager", "Talaga"),
                "Oba Selatan": ("Nuku", "Tagalaya", "Kosa", "Lola"),
            },
        ),
        TenantPreset(
            "kupang", "Kota Kupang", "Asia/Makassar", 1200, NTT,
            {
                "Alak": ("Alak", "Batuplat", "Fatufeto", "Manulai II", "Namosain", "Nunhila"),
                "Kelapa Lima": (
                    "Kelapa Lima", "Lasiana", "Oesapa", "Oesapa Barat", "Oesapa Selatan",
                ),
                "Kota Lama": ("Airmata", "Bonipoi", "Fontein", "Merdeka", "Oeba", "Solor"),
                "Kota Raja": ("Airnona", "Bakunase", "Kuanino", "Naikoten I", "Naikoten II"),
                "Maulafa": ("Belo", "Fatukoa", "Kolhua", "Maulafa", "Naimata", "Oepura", "Penfui"),
                "Oebobo": ("Fatululi", "Kayu Putih", "Liliba", "Oebobo", "Oebufu"),
            },
        ),
        TenantPreset(
            "palu", "Kota Palu", "Asia/Makassar", 900, SULTENG,
            {
                "Palu Barat": ("Baru", "Lere", "Siranindi", "Ujuna", "Kamonji", "Balaroa"),
                "Palu Timur": ("Besusu Barat", "Besusu Tengah", "Besusu Timur", "Lolu Utara"),
                "Palu Selatan": ("Birobuli Selatan", "Birobuli Utara", "Petobo", "Tatura Utara"),
                "Palu Utara": ("Kayumalue Ngapa", "Mamboro", "Mamboro Barat", "Taipa"),
                "Mantikulore": ("Kawatuna", "Lasoani", "Poboya", "Talise", "Tondo"),
                "Tatanga": ("Boyaoge", "Duyu", "Nunu", "Palupi", "Pengawu", "Tavanjuka"),
                "Tawaeli": ("Baiya", "Lambara", "Panau", "Pantoloan"),
                "Ulujadi": ("Buluri", "Donggala Kodi", "Kabonena", "Silae", "Tipo"),
            },
        ),
        TenantPreset(
            "sawahlunto", "Kota Sawahlunto", "Asia/Jakarta", 350, MINANG,
            {
                "Lembah Segar": ("Aur Mulyo", "Air Dingin", "Kubang Sirakuk Utara", "Pasar"),
                "Barangin": ("Durian II", "Lapangan Segitiga", "Saringan", "Lubang Panjang"),
                "Silungkang": ("Silungkang Oso", "Silungkang Duo", "Muaro Kalaban"),
                "Talawi": ("Talawi Hilir", "Talawi Mudik", "Kumbayau", "Sijantang Koto"),
            },
        ),
    )
}  # fmt: skip

# Used for tenants without a preset (e.g. `--tenant-slug bench`): names get a roman suffix.
GENERIC_KECAMATAN = ("Kota", "Utara", "Selatan", "Timur", "Barat", "Tengah", "Pesisir", "Bukit")
ROMAN = ("", " I", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")


def preset_for(slug: str, name: str | None, timezone: str | None, employees: int) -> TenantPreset:
    """The preset of a known demo tenant, or a mixed-region preset for any other slug."""
    base = PRESETS.get(slug)
    if base is not None:
        return TenantPreset(
            slug, name or base.name, timezone or base.timezone, employees, base.region,
            base.kecamatan,
        )  # fmt: skip
    title = slug.replace("-", " ").title()
    return TenantPreset(
        slug, name or f"Kota {title}", timezone or "Asia/Jakarta", employees, MIXED, {}
    )
