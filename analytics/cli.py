"""`flask --app portal analytics ...`: the IKM and the komponen hasil on the command line (read-only)."""
import json

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.cli import DATE, unit_or_abort
from portal.extensions import db
from portal.models import Layanan

from . import ikm as rules
from . import queries

analytics_cli = AppGroup('analytics', help='Analitik: IKM, IPKP/IPAK dan komponen hasil ZI.')


def _num(value, places):
    """A figure as the Indonesian reports print it: decimal comma, thousands dot ('142.736', '91,48'); None: '-'."""
    return '-' if value is None else f'{value:,.{places}f}'.translate(_ID_SEPARATORS)


_ID_SEPARATORS = str.maketrans(',.', '.,')


def _weight(key):
    """A weight convention as printed: '1/9' as it is, '0.111' as '0,111'."""
    return key.replace('.', ',')


@analytics_cli.command('ikm')
@click.option('--unit', 'slug', required=True, help='Slug unit (unit di bawahnya ikut dihitung).')
@click.option('--from', 'start', type=DATE, help='Tanggal layanan awal (YYYY-MM-DD).')
@click.option('--to', 'end', type=DATE, help='Tanggal layanan akhir (YYYY-MM-DD).')
@click.option('--weight', type=click.Choice(list(rules.WEIGHTS)), help='Bobot per unsur (bawaan: IKM_WEIGHT).')
@click.option('--population', type=click.IntRange(min=1), help='Jumlah penerima layanan (populasi N).')
@click.option('--layanan', 'layanan_slug', help='Batasi pada satu layanan unit ini (slug).')
@click.option('--unit-only', is_flag=True, help='Unit ini saja, tanpa unit di bawahnya.')
@click.option('--json', 'as_json', is_flag=True, help='Keluaran JSON.')
def ikm_command(slug, start, end, weight, population, layanan_slug, unit_only, as_json):
    """Hitung IKM (PermenPANRB 14/2017) sebuah unit dan unit di bawahnya."""
    unit = unit_or_abort(slug)
    layanan_id = None
    if layanan_slug:
        layanan_id = db.session.scalar(select(Layanan.id).where(Layanan.unit_id == unit.id,
                                                                Layanan.slug == layanan_slug))
        if layanan_id is None:
            raise click.ClickException(f'Layanan tidak ditemukan di {slug}: {layanan_slug}')
    if start and end and start > end:
        raise click.ClickException('--from harus sebelum --to.')
    summary = queries.ikm_summary(unit.id, start, end, layanan_id=layanan_id, subtree=not unit_only, weight=weight,
                                  population=population)
    data = summary.as_dict()
    if as_json:
        data.update(unit=unit.slug, start=start and start.isoformat(), end=end and end.isoformat(),
                    subtree=not unit_only)
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(render_ikm(unit, start, end, summary, not unit_only))


def render_ikm(unit, start, end, summary, subtree):
    """The readable table, in Bahasa Indonesia."""
    r = summary.result
    period = f'{start or "awal"} s.d. {end or "akhir"}'
    scope = 'termasuk unit di bawahnya' if subtree else 'unit ini saja'
    lines = [f'IKM {unit.name} ({scope})', f'Periode layanan : {period}',
             f'Responden       : {_num(r.n, 0)}', f'Bobot per unsur : {_weight(r.weight)}', '',
             f'{"Unsur":<44} {"Jawab":>6} {"NRR":>8} Mutu']
    for u in r.unsur:
        lines.append(f'{u.code.upper() + " " + u.name:<44} {_num(u.answered, 0):>6} {_num(u.nrr_display, 4):>8} '
                     f'{u.mutu or "-"}')
    lines += ['', f'IKM (skala 1-4)      : {_num(r.ikm_display, 4)}',
              f'Nilai konversi (25-100): {_num(r.konversi_display, 2)}',
              f'Mutu pelayanan       : {r.mutu or "-"} ({r.mutu_label or "-"})']
    if r.missing:
        lines.append('IKM tidak dapat dihitung: tidak ada jawaban untuk ' + ', '.join(m.upper() for m in r.missing))
    if summary.ci95:
        lines.append(f'Selang kepercayaan 95%*: {_num(summary.ci95[0], 2)} - {_num(summary.ci95[1], 2)}')
    s = summary.sample
    if s.population is not None:
        status = 'tercapai' if s.adequate else 'belum tercapai'
        lines.append(f'Sampel minimal (Krejcie-Morgan, N={_num(s.population, 0)}): {_num(s.required, 0)}; {status}')
    else:
        lines.append('Sampel minimal: populasi belum diisi')
    if summary.lowest:
        lines.append('Tiga unsur terendah: ' + ', '.join(f'{u.code.upper()} ({_num(u.nrr_display, 4)})'
                                                        for u in summary.lowest))
    lines.append('* tambahan di luar PermenPANRB 14/2017 (distribusi t pada rata-rata per responden).')
    return '\n'.join(lines)


@analytics_cli.command('hasil')
@click.option('--unit', 'slug', required=True, help='Slug unit.')
@click.option('--year', type=click.IntRange(2000, 2100), required=True, help='Tahun (YYYY).')
@click.option('--unit-saja', '--unit-only', 'unit_only', is_flag=True,
              help='IPAK dan IPKP dari responden unit ini saja, tanpa unit di bawahnya (bawaan: termasuk).')
@click.option('--json', 'as_json', is_flag=True, help='Keluaran JSON.')
def hasil_command(slug, year, unit_only, as_json):
    """Komponen hasil ZI (PermenPANRB 90/2021 jo 5/2024) terhadap ambang WBK dan WBBM."""
    unit = unit_or_abort(slug)
    hasil = queries.komponen_hasil(unit.id, year, subtree=not unit_only)
    if as_json:
        click.echo(json.dumps(dict(hasil.as_dict(), unit=unit.slug), ensure_ascii=False))
        return
    scope = 'unit ini saja' if unit_only else 'termasuk unit di bawahnya'
    out = [f'Komponen hasil ZI {unit.name}, tahun {year} ({scope})',
           f'IPAK: indeks {_num(hasil.ipak.result.index_display, 4)} (n={_num(hasil.ipak.result.n, 0)}); '
           f'IPKP: indeks {_num(hasil.ipkp.result.index_display, 4)} (n={_num(hasil.ipkp.result.n, 0)})', '',
           f'{"Komponen":<58} {"Nilai":>7} {"WBK":>8} {"":<15} {"WBBM":>8} ']
    for x in hasil.lines:
        out.append(f'{x.label:<58} {_num(x.value, 2):>7} {"≥ " + _num(x.wbk, 2):>8} {x.word(x.memenuhi_wbk):<15} '
                   f'{"≥ " + _num(x.wbbm, 2):>8} {x.word(x.memenuhi_wbbm)}')
    if hasil.entered is None:
        out.append('Capaian kinerja, pengungkit dan TLHP belum diisi admin untuk tahun ini.')
    click.echo('\n'.join(out))
