"""ETRS-TM35FIN (EPSG:3067, PTV's address coordinates) <-> WGS84 degrees (what Luukku stores).

Transverse Mercator on GRS80 with Krüger's n-series (as in JHS 154), accurate to well under a
millimetre in Finland; no projection library needed.
"""

import math

_A = 6378137.0
_F = 1 / 298.257222101
_K0 = 0.9996
_LON0 = math.radians(27.0)
_FALSE_EASTING = 500000.0

_N = _F / (2 - _F)
_A1 = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_E = math.sqrt(_F * (2 - _F))
_FWD = (
    _N / 2 - 2 / 3 * _N**2 + 5 / 16 * _N**3 + 41 / 180 * _N**4,
    13 / 48 * _N**2 - 3 / 5 * _N**3 + 557 / 1440 * _N**4,
    61 / 240 * _N**3 - 103 / 140 * _N**4,
    49561 / 161280 * _N**4,
)
_INV = (
    _N / 2 - 2 / 3 * _N**2 + 37 / 96 * _N**3 - 1 / 360 * _N**4,
    1 / 48 * _N**2 + 1 / 15 * _N**3 - 437 / 1440 * _N**4,
    17 / 480 * _N**3 - 37 / 840 * _N**4,
    4397 / 161280 * _N**4,
)


def wgs84_to_tm35fin(lat: float, lon: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees -> (northing, easting) in metres."""
    phi, lam = math.radians(lat), math.radians(lon)
    q = math.asinh(math.tan(phi)) - _E * math.atanh(_E * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = math.atanh(math.cos(beta) * math.sin(lam - _LON0))
    xi0 = math.asin(math.sin(beta) * math.cosh(eta0))
    xi, eta = xi0, eta0
    for i, h in enumerate(_FWD, start=1):
        xi += h * math.sin(2 * i * xi0) * math.cosh(2 * i * eta0)
        eta += h * math.cos(2 * i * xi0) * math.sinh(2 * i * eta0)
    return _A1 * xi * _K0, _A1 * eta * _K0 + _FALSE_EASTING


def tm35fin_to_wgs84(northing: float, easting: float) -> tuple[float, float]:
    """(northing, easting) in metres -> (latitude, longitude) in degrees."""
    xi = northing / (_A1 * _K0)
    eta = (easting - _FALSE_EASTING) / (_A1 * _K0)
    xi_p, eta_p = xi, eta
    for i, h in enumerate(_INV, start=1):
        xi_p -= h * math.sin(2 * i * xi) * math.cosh(2 * i * eta)
        eta_p -= h * math.cos(2 * i * xi) * math.sinh(2 * i * eta)
    beta = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    lam = math.asin(math.tanh(eta_p) / math.cos(beta))
    q = math.asinh(math.tan(beta))
    q_p = q + _E * math.atanh(_E * math.tanh(q))
    for _ in range(10):
        q_p = q + _E * math.atanh(_E * math.tanh(q_p))
    return math.degrees(math.atan(math.sinh(q_p))), math.degrees(_LON0 + lam)
