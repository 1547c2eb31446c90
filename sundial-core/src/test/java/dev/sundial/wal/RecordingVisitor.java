package dev.sundial.wal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: records every call a WAL write record makes on its visitor as a line of text
 * (doubles by their raw bits), so two ways of producing a record can be compared call for call.
 */
public final class RecordingVisitor implements WriteRecordDecoder.Visitor {
    public final List<String> calls = new ArrayList<>();
    private final boolean withTablesAndSeries;

    /** @param withTablesAndSeries also record table sections and series definitions */
    public RecordingVisitor(boolean withTablesAndSeries) {
        this.withTablesAndSeries = withTablesAndSeries;
    }

    @Override
    public boolean table(int tableId) {
        if (withTablesAndSeries) {
            calls.add("table " + tableId);
        }
        return true;
    }

    @Override
    public void series(int seriesId, String[] tags) {
        if (withTablesAndSeries) {
            calls.add("series " + seriesId + " " + Arrays.toString(tags));
        }
    }

    @Override
    public void row(int seriesId, long ts) {
        calls.add("row " + seriesId + " " + ts);
    }

    @Override
    public void doubleField(int column, double v) {
        calls.add("d " + column + " " + Double.doubleToRawLongBits(v));
    }

    @Override
    public void longField(int column, long v) {
        calls.add("l " + column + " " + v);
    }

    @Override
    public void booleanField(int column, boolean v) {
        calls.add("b " + column + " " + v);
    }

    @Override
    public void stringField(int column, String v) {
        calls.add("s " + column + " " + v);
    }

    @Override
    public void endRow() {
        calls.add("end");
    }
}
