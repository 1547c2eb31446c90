package dev.sundial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.index.TagFilter;
import dev.sundial.table.ColumnType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables and columns created on first sight, columns and tags added later, options changed: all persisted. */
class SchemaEvolutionTest {
    @TempDir
    Path dir;

    @Test
    void autoCreatedSchemaGrowsAndSurvivesReopen() throws Exception {
        try (Sundial db = Sundial.open(dir)) {
            db.newBatch().add("weather", DataPoint.at(1).tag("station", "a").field("temp", 1.5).build()).commit();
            db.newBatch().add("weather", DataPoint.at(2).tag("station", "a").field("temp", 2.5).field("wind", 7L).build()).commit();
            // a new tag: existing series keep their identity, the new combination is a new series
            db.newBatch().add("weather", DataPoint.at(3).tag("station", "a").tag("country", "ch").field("temp", 3.5).build()).commit();
            Table t = db.table("weather");
            t.addColumn("note", ColumnType.VARCHAR);
            assertThatThrownBy(() -> t.addColumn("temp", ColumnType.BIGINT)).hasMessageContaining("exists as DOUBLE");
            // the rows are from 1970: a retention must reach back that far for them to stay visible
            t.setOptions(Map.of("partition_by", "month", "retention_raw", "100y"));
            assertThat(t.schema().tags()).containsExactly("station", "country");
            assertThat(t.schema().values()).extracting(c -> c.name()).containsExactly("temp", "wind", "note");
        }
        try (Sundial db = Sundial.open(dir)) {
            Table t = db.table("weather");
            assertThat(t.schema().values()).extracting(c -> c.name()).containsExactly("temp", "wind", "note");
            assertThat(t.options().asText()).containsEntry("partition_by", "month").containsEntry("retention_raw", "100y");
            assertThat(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.eq("station", "a"))).hasSize(3);
            assertThat(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.eq("country", "ch"))).hasSize(1);
            assertThat(t.selectSeries(TagFilter.all()).getCardinality()).isEqualTo(2);
            assertThat(t.query(Long.MIN_VALUE, Long.MAX_VALUE, TagFilter.all().andMatches("station", "[ab]").andNotEquals("country", "ch")))
                    .extracting(DataPoint::timestampNanos).containsExactly(1L, 2L);
            assertThatThrownBy(() -> t.scan(0, 1, TagFilter.all(), "nope")).hasMessageContaining("no value column 'nope'");
        }
    }

    @Test
    void autoCreateOffRejectsUnknownTablesAndColumns() throws Exception {
        try (Sundial db = Sundial.open(dir, SundialOptions.defaults().withAutoCreate(false))) {
            assertThatThrownBy(() -> db.newBatch().add("m", DataPoint.at(1).field("v", 1.0).build()))
                    .hasMessageContaining("cannot write to table m: it does not exist");
        }
    }
}
