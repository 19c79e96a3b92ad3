# Reference numbers for `npm run bench:m4`: the M4 statistical benchmarks computed with R's
# `forecast` package (8.20), following the recipe the M4 organisers published with the competition:
#   - seasonality test: |ACF at lag m| above the 90% limit 1.645/sqrt(n) * sqrt(1 + 2 sum_{k<m} r_k^2),
#     only when n >= 3m (ACF with R's default lag.max);
#   - when seasonal: classical multiplicative decomposition (stats::decompose); the method runs on
#     the seasonally adjusted series and its forecast is multiplied by the last m seasonal indices;
#   - Naive2 = naive on the adjusted series; SES/Holt/Damped = forecast::ses / holt / holt(damped);
#     Theta = the classic theta method (0.5 * linear trend + 0.5 * SES of the theta = 2 line, negative
#     forecasts set to 0); Comb = mean of SES, Holt and Damped; AutoETS = forecast::ets on the raw series;
#     AutoARIMA = forecast(auto.arima(x), h) on the raw series (defaults: stepwise, AICc).
# Metrics as the M4 competition: sMAPE (percent) and MASE (scaled by the in-sample seasonal-naive MAE
# with lag m), averaged over every forecast point of every series.
#
# Usage:
#   Rscript scripts/r/m4_reference.R --data /path/to/m4 --json out.json \
#     [--datasets Hourly,Weekly] [--methods SES,Theta] [--offset K] [--limit N] [--forecasts DIR] [--details DIR]
#   Rscript scripts/r/m4_reference.R --data /path/to/m4 --json out.json --datasets Hourly --summarize DIR
# --offset K skips the first K series of each dataset (file order) and --limit N keeps the next N, so a
# long AutoARIMA run can be split into pieces (each appends to the --details file of its dataset);
# --summarize DIR scores the AutoARIMA forecasts recorded in DIR/<dataset>-AutoARIMA-details.jsonl
# (one line per series, deduplicated by id, in file order) and writes the usual JSON with `series`
# (how many) and `seconds` (the sum of the recorded per-series times).
# --forecasts writes one CSV per dataset with every series' forecasts (for debugging differences).
# --details writes <dataset>-AutoARIMA-details.jsonl, one line per series as it is fitted: the series,
# the selected order, coefficients, loglik, AICc, sigma2, forecasts and 80/95% intervals (golden data).
# AutoARIMA takes ~30 s per Hourly series: run it separately, e.g. --methods AutoARIMA --limit 60.
# AutoETS on Hourly (seasonal ETS with m = 24) dominates the run time (several seconds per series);
# running it separately (--methods AutoETS) is convenient: an existing --json file is updated in place.

suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
opt <- list(data = NULL, json = NULL, datasets = "Hourly,Weekly", offset = 0, limit = NA, forecasts = NULL, methods = NULL,
            details = NULL, summarize = NULL)
i <- 1
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  if (!key %in% names(opt)) stop(paste("unknown option", args[i]))
  opt[[key]] <- args[i + 1]
  i <- i + 2
}
if (is.null(opt$data) || is.null(opt$json)) stop("usage: --data DIR --json FILE")

settings <- list(Hourly = list(h = 48, m = 24), Weekly = list(h = 13, m = 1))
methods <- c("Naive", "SeasonalNaive", "Naive2", "SES", "Holt", "Damped", "Theta", "Comb", "AutoETS", "AutoARIMA")

seasonality_test <- function(x, m) {
  if (length(x) < 3 * m) return(FALSE)
  r <- acf(x, plot = FALSE)$acf[-1, 1, 1]
  limit <- 1.645 / sqrt(length(x)) * sqrt(cumsum(c(1, 2 * r^2)))
  seasonal <- abs(r[m]) > limit[m]
  if (is.na(seasonal)) FALSE else seasonal
}

# Seasonally adjusted series and the h future seasonal indices (all ones when not seasonal).
adjust <- function(x, h) {
  m <- frequency(x)
  if (m > 1 && seasonality_test(x, m)) {
    dec <- decompose(x, type = "multiplicative")
    idx <- dec$seasonal[(length(dec$seasonal) - m + 1):length(dec$seasonal)]
    list(x = x / dec$seasonal, out = head(rep(idx, h), h))
  } else {
    list(x = x, out = rep(1, h))
  }
}

theta_classic <- function(x, h) {
  n <- length(x)
  t <- seq_len(n)
  fit <- lm(as.numeric(x) ~ t)
  line0_in <- as.numeric(fitted(fit))
  line0_out <- as.numeric(coef(fit)[1] + coef(fit)[2] * ((n + 1):(n + h)))
  line2 <- 2 * x - line0_in
  ses_out <- as.numeric(ses(line2, h = h)$mean)
  pmax(0.5 * ses_out + 0.5 * line0_out, 0)
}

seasonal_naive <- function(x, h) {
  m <- frequency(x)
  if (m > 1) head(rep(as.numeric(tail(x, m)), h), h) else rep(as.numeric(tail(x, 1)), h)
}

on_adjusted <- function(x, h, f) {
  a <- adjust(x, h)
  as.numeric(f(a$x, h)) * a$out
}

forecasters <- list(
  Naive = function(x, h) as.numeric(naive(x, h = h)$mean),
  SeasonalNaive = seasonal_naive,
  Naive2 = function(x, h) on_adjusted(x, h, function(z, h) naive(z, h = h)$mean),
  SES = function(x, h) on_adjusted(x, h, function(z, h) ses(z, h = h)$mean),
  Holt = function(x, h) on_adjusted(x, h, function(z, h) holt(z, h = h, damped = FALSE)$mean),
  Damped = function(x, h) on_adjusted(x, h, function(z, h) holt(z, h = h, damped = TRUE)$mean),
  Theta = function(x, h) on_adjusted(x, h, theta_classic),
  Comb = function(x, h) on_adjusted(x, h, function(z, h) {
    (ses(z, h = h)$mean + holt(z, h = h, damped = FALSE)$mean + holt(z, h = h, damped = TRUE)$mean) / 3
  }),
  AutoETS = function(x, h) as.numeric(forecast(ets(x), h = h)$mean),
  AutoARIMA = function(x, h) {
    fit <- auto.arima(x)
    fc <- forecast(fit, h = h)
    last_arima <<- list(fit = fit, fc = fc)
    as.numeric(fc$mean)
  }
)
last_arima <- NULL

# Numbers with 17 significant digits (jsonlite stops at 15), so golden tests can compare bit for bit.
num <- function(v) structure(paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]"), class = "json")
num1 <- function(v) structure(sprintf("%.17g", v), class = "json")

arima_details <- function(id, x, fit, fc) {
  cf <- coef(fit)
  list(
    id = id, m = frequency(x), y = num(x),
    order = as.list(arimaorder(fit)), method = as.character(fit),
    coef = setNames(lapply(cf, num1), names(cf)),
    loglik = num1(fit$loglik), aic = num1(fit$aic), aicc = num1(fit$aicc), bic = num1(fit$bic),
    sigma2 = num1(fit$sigma2),
    mean = num(fc$mean),
    lower80 = num(fc$lower[, 1]), upper80 = num(fc$upper[, 1]),
    lower95 = num(fc$lower[, 2]), upper95 = num(fc$upper[, 2])
  )
}

if (!is.null(opt$methods)) {
  methods <- strsplit(opt$methods, ",")[[1]]
  if (!all(methods %in% names(forecasters))) stop("unknown method in --methods")
}

read_wide <- function(path) {
  df <- read.csv(path, stringsAsFactors = FALSE, check.names = FALSE)
  ids <- df[[1]]
  values <- as.matrix(df[, -1, drop = FALSE])
  lapply(seq_along(ids), function(k) {
    v <- as.numeric(values[k, ])
    list(id = ids[k], y = v[!is.na(v)])
  })
}

# Scores recorded AutoARIMA forecasts against the test set: the same sMAPE and MASE as a full run.
summarize_details <- function(ds, dir) {
  s <- settings[[ds]]
  train <- read_wide(file.path(opt$data, paste0(ds, "-train.csv")))
  test <- read_wide(file.path(opt$data, paste0(ds, "-test.csv")))
  rows <- lapply(readLines(file.path(dir, paste0(ds, "-AutoARIMA-details.jsonl"))), fromJSON)
  by_id <- list()
  for (r in rows) by_id[[r$id]] <- r
  ids <- vapply(train, function(t) t$id, "")
  done <- which(ids %in% names(by_id))
  if (length(done) == 0 || any(done != seq_along(done))) stop("the details must cover the first series without gaps")
  smape <- mase <- seconds <- numeric(length(done))
  for (k in done) {
    f <- by_id[[ids[k]]]$mean
    y <- test[[k]]$y
    scale <- mean(abs(diff(train[[k]]$y, lag = s$m)))
    smape[k] <- mean(200 * abs(y - f) / (abs(y) + abs(f)))
    mase[k] <- mean(abs(y - f)) / scale
    seconds[k] <- by_id[[ids[k]]]$seconds
  }
  message(sprintf("%-8s AutoARIMA      sMAPE %8.4f  MASE %8.4f  %7.1fs  (%d series)", ds, mean(smape), mean(mase), sum(seconds), length(done)))
  list(AutoARIMA = list(smape = mean(smape), mase = mean(mase), seconds = sum(seconds), series = length(done)))
}

results <- list()
if (!is.null(opt$summarize)) {
  for (ds in strsplit(opt$datasets, ",")[[1]]) results[[ds]] <- summarize_details(ds, opt$summarize)
  writeLines(toJSON(results, auto_unbox = TRUE, digits = NA, pretty = TRUE), opt$json)
  message("wrote ", opt$json)
  quit(save = "no")
}
for (ds in strsplit(opt$datasets, ",")[[1]]) {
  s <- settings[[ds]]
  train <- read_wide(file.path(opt$data, paste0(ds, "-train.csv")))
  test <- read_wide(file.path(opt$data, paste0(ds, "-test.csv")))
  skip <- as.integer(opt$offset)
  if (skip > 0) {
    train <- tail(train, -skip)
    test <- tail(test, -skip)
  }
  if (!is.na(opt$limit)) {
    train <- head(train, as.integer(opt$limit))
    test <- head(test, as.integer(opt$limit))
  }
  n_series <- length(train)
  smape <- matrix(0, n_series, length(methods), dimnames = list(NULL, methods))
  mase <- smape
  seconds <- setNames(numeric(length(methods)), methods)
  fc_rows <- list()
  if (!is.null(opt$details)) {
    dir.create(opt$details, showWarnings = FALSE, recursive = TRUE)
    details_file <- file.path(opt$details, paste0(ds, "-AutoARIMA-details.jsonl"))
    if (skip == 0 && file.exists(details_file)) file.remove(details_file)
  }
  for (k in seq_len(n_series)) {
    x <- ts(train[[k]]$y, frequency = s$m)
    y <- test[[k]]$y
    stopifnot(length(y) == s$h, train[[k]]$id == test[[k]]$id)
    xs <- as.numeric(x)
    scale <- mean(abs(diff(xs, lag = s$m)))
    for (meth in methods) {
      t0 <- proc.time()[["elapsed"]]
      f <- forecasters[[meth]](x, s$h)
      seconds[[meth]] <- seconds[[meth]] + proc.time()[["elapsed"]] - t0
      smape[k, meth] <- mean(200 * abs(y - f) / (abs(y) + abs(f)))
      mase[k, meth] <- mean(abs(y - f)) / scale
      if (meth == "AutoARIMA" && !is.null(opt$details)) {
        d <- arima_details(train[[k]]$id, x, last_arima$fit, last_arima$fc)
        d$seconds <- proc.time()[["elapsed"]] - t0
        cat(toJSON(d, auto_unbox = TRUE, digits = NA, json_verbatim = TRUE), "\n", sep = "", file = details_file, append = TRUE)
      }
      if (!is.null(opt$forecasts)) fc_rows[[length(fc_rows) + 1]] <- c(train[[k]]$id, meth, format(f, digits = 17))
    }
    if (k %% 25 == 0 || k == n_series) message(sprintf("%s: %d/%d series", ds, k, n_series))
  }
  results[[ds]] <- lapply(setNames(methods, methods), function(meth) list(
    smape = mean(smape[, meth]), mase = mean(mase[, meth]), seconds = seconds[[meth]]
  ))
  if (!is.null(opt$forecasts)) {
    dir.create(opt$forecasts, showWarnings = FALSE, recursive = TRUE)
    out <- do.call(rbind, fc_rows)
    colnames(out) <- c("id", "method", paste0("F", seq_len(s$h)))
    write.csv(out, file.path(opt$forecasts, paste0(ds, "-", paste(methods, collapse = "_"), "-r-forecasts.csv")), row.names = FALSE)
  }
  for (meth in methods) {
    message(sprintf("%-8s %-14s sMAPE %8.4f  MASE %8.4f  %7.1fs", ds, meth,
                    results[[ds]][[meth]]$smape, results[[ds]][[meth]]$mase, results[[ds]][[meth]]$seconds))
  }
}

# An existing --json file is updated: methods computed now replace or join the ones already there.
if (file.exists(opt$json)) {
  old <- fromJSON(opt$json, simplifyVector = FALSE)
  for (ds in names(results)) {
    for (meth in names(results[[ds]])) old[[ds]][[meth]] <- results[[ds]][[meth]]
  }
  results <- old
}
writeLines(toJSON(results, auto_unbox = TRUE, digits = NA, pretty = TRUE), opt$json)
message("wrote ", opt$json)
