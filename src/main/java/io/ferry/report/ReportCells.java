package io.ferry.report;

/** Makes report cells safe to open in a spreadsheet: a cell that would run as a formula is prefixed with a quote. */
final class ReportCells {

    private ReportCells() {
    }

    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        // OWASP CSV injection: =, +, -, @ start formulas; tab and carriage return can hide them.
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
    }
}
