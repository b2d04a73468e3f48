package io.ferry.report;

/**
 * Makes report cells safe to open in a spreadsheet (a cell that would run as a formula is prefixed with a quote) and
 * keeps every report row on one line (line breaks become spaces), so a row cut short by a crash is recognisable.
 */
final class ReportCells {

    private ReportCells() {
    }

    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        // OWASP CSV injection: =, +, -, @ start formulas; tab and carriage return can hide them.
        String safe = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
        return safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0 ? safe : safe.replace("\r\n", " ").replace('\r', ' ')
                .replace('\n', ' ');
    }
}
