package io.ferry.sandbox;

import java.time.LocalDate;

/** Identity of a COR exchange rate: re-sending the same pair for the same day replaces it. */
record RateKey(String foreignCurrency, String baseCurrency, LocalDate effectiveDate) {
}
