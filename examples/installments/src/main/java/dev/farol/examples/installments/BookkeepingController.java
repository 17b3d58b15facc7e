package dev.farol.examples.installments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Bookkeeping entries (the {@code installment-bookkeeping-events} function). */
@RestController
public class BookkeepingController {
  private static final Logger LOG = LoggerFactory.getLogger(BookkeepingController.class);
  private final List<Map<String, Object>> entries = new CopyOnWriteArrayList<>();

  @PostMapping("/bookkeeping/entries")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Map<String, Object> record(@RequestBody Map<String, Object> entry) {
    Map<String, Object> stored = new LinkedHashMap<>(entry);
    stored.put("entryId", UUID.randomUUID().toString());
    stored.put("recordedAt", Instant.now().toString());
    entries.add(stored);
    LOG.info("bookkeeping entry {} recorded", stored.get("entryId"));
    return stored;
  }

  @GetMapping("/bookkeeping/entries")
  public List<Map<String, Object>> entries() {
    return List.copyOf(entries);
  }
}
