"""A hand-computed selection line where each tie-break step decides one pair.

Line W1: jalur umum, kuota 4, SKB cat=60;wawancara=40 (3 × 4 = 12 invited).
Final = 40 × skd / 550 + 0.6 × skb, computed by hand below.

| no   | twk tiu tkp = skd | skb | final (exact)        | decided against its pair by |
|------|-------------------|-----|----------------------|-----------------------------|
| W001 | 100 100 200 = 400 | 70  | 29.0909… + 42 = 71.0909… | SKD total (400 > 367)   |
| W002 | 100 100 167 = 367 | 74  | 26.6909… + 44.4 = 71.0909… |                       |
| W004 |  95  95 190 = 380 | 60  | 27.6363… + 36 = 63.6363… | TKP (190 > 180)         |
| W003 |  95 105 180 = 380 | 60  |                          |                         |
| W006 |  80 110 170 = 360 | 50  | 26.1818… + 30 = 56.1818… | TIU (110 > 100)         |
| W005 |  90 100 170 = 360 | 50  |                          |                         |
| W008 |  70  90 180 = 340 | 40  | 24.7272… + 24 = 48.7272… | nilai pendidikan 3.80 > 3.50 |
| W007 |  70  90 180 = 340 | 40  |                          |                         |
| W010 |  70  85 175 = 330 | 30  | 24 + 18 = 42             | older (1990 < 1992)     |
| W009 |  70  85 175 = 330 | 30  |                          |                         |
| W011 |  65  80 170 = 315 | 20  | 22.9090… + 12 = 34.9090… | no_peserta (Pamong's rule) |
| W012 |  65  80 170 = 315 | 20  |                          |                         |
| W013 |  65  80 170 = 315 | —   | equal to the 12th invited (W012): invited too; no SKB → TH |
| W014 |  65  80 166 = 311 | 90 (ignored) | 14th: not invited (TSKB), its SKB rows ignored |
| W015 |  60 150 200 = 410 | —   | TWK 60 < 65: fails the passing grade (TMS) |

Step 5 (TWK) can never decide: equal SKD total, TKP and TIU imply equal TWK.
"""

FORMASI = "kode_formasi,jabatan,jalur,kuota,bobot_skb\nW1,Analis SDM,umum,4,cat=60;wawancara=40\n"

# no, twk, tiu, tkp, nilai_pendidikan, tanggal_lahir, skb (same mark for both components)
PEOPLE = [
    ("W001", 100, 100, 200, "3.50", "1995-01-01", "70"),
    ("W002", 100, 100, 167, "3.50", "1995-01-01", "74"),
    ("W004", 95, 95, 190, "3.50", "1995-01-01", "60"),
    ("W003", 95, 105, 180, "3.50", "1995-01-01", "60"),
    ("W006", 80, 110, 170, "3.50", "1995-01-01", "50"),
    ("W005", 90, 100, 170, "3.50", "1995-01-01", "50"),
    ("W008", 70, 90, 180, "3.80", "1995-01-01", "40"),
    ("W007", 70, 90, 180, "3.50", "1995-01-01", "40"),
    ("W010", 70, 85, 175, "3.50", "1990-05-01", "30"),
    ("W009", 70, 85, 175, "3.50", "1992-01-01", "30"),
    ("W011", 65, 80, 170, "3.50", "1995-01-01", "20"),
    ("W012", 65, 80, 170, "3.50", "1995-01-01", "20"),
    ("W013", 65, 80, 170, "3.50", "1995-01-01", None),
    ("W014", 65, 80, 166, "3.50", "1995-01-01", "90"),
    ("W015", 60, 150, 200, "3.50", "1995-01-01", None),
]

PESERTA = "no_peserta,nama,tanggal_lahir,kode_formasi,twk,tiu,tkp,nilai_pendidikan\n" + "".join(
    f"{no},Peserta {no},{born},W1,{twk},{tiu},{tkp},{edu}\n"
    for no, twk, tiu, tkp, edu, born, _skb in PEOPLE
)
SKB = "no_peserta,komponen,nilai\n" + "".join(
    f"{no},cat,{skb}\n{no},wawancara,{skb}\n" for no, *_rest, skb in PEOPLE if skb is not None
)

# The expected output, computed by hand from the table above.
EXPECTED = """\
kode_formasi,no_peserta,nama,twk,tiu,tkp,skd_total,lulus_pg,peringkat_skd,skb,nilai_akhir,peringkat,status
W1,W001,Peserta W001,100,100,200,400,Y,1,70.00,71.091,1,L
W1,W002,Peserta W002,100,100,167,367,Y,4,74.00,71.091,2,L
W1,W004,Peserta W004,95,95,190,380,Y,2,60.00,63.636,3,L
W1,W003,Peserta W003,95,105,180,380,Y,3,60.00,63.636,4,L
W1,W006,Peserta W006,80,110,170,360,Y,5,50.00,56.182,5,TL
W1,W005,Peserta W005,90,100,170,360,Y,6,50.00,56.182,6,TL
W1,W008,Peserta W008,70,90,180,340,Y,8,40.00,48.727,7,TL
W1,W007,Peserta W007,70,90,180,340,Y,7,40.00,48.727,8,TL
W1,W010,Peserta W010,70,85,175,330,Y,10,30.00,42.000,9,TL
W1,W009,Peserta W009,70,85,175,330,Y,9,30.00,42.000,10,TL
W1,W011,Peserta W011,65,80,170,315,Y,11,20.00,34.909,11,TL
W1,W012,Peserta W012,65,80,170,315,Y,12,20.00,34.909,12,TL
W1,W015,Peserta W015,60,150,200,410,N,,,,,TMS
W1,W013,Peserta W013,65,80,170,315,Y,13,,,,TH
W1,W014,Peserta W014,65,80,166,311,Y,14,,,,TSKB
"""

# the step that separated each rank from the next one (ranking.Step values)
STEPS_BELOW = {
    "W001": 2,  # SKD total
    "W002": 1,  # final score
    "W004": 3,  # TKP
    "W003": 1,
    "W006": 4,  # TIU
    "W005": 1,
    "W008": 6,  # nilai pendidikan
    "W007": 1,
    "W010": 7,  # older
    "W009": 1,
    "W011": 8,  # no_peserta
    "W012": None,
}
