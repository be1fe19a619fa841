// Sensorik zum Anfassen: reference firmware for the tabletop city model (Arduino Uno).
//
// Prints one line of the `lines` protocol per frame (firmware/PROTOCOL.md):
//   light=512 soil=430 bin=120 co2=90 hum=400 water=80 noise=150 temp=153 road=150 motion=0 park=3 bike=17
// Analog values are raw 10-bit counts (0-1023); exhibit.yaml turns them into units.
// `?` from the host is answered with `#hello sensorik-stadt <version> sensors=...`.
//
// Pin map (firmware/README.md has the wiring):
//   A0      common output of a CD4051 8-channel analog multiplexer, select S0=D5 S1=D6 S2=D7
//           ch0 light (LDR), ch1 soil, ch2 bin (Sharp IR distance), ch3 co2 (MH-Z19B analog),
//           ch4 hum (HIH-4030), ch5 water (level strip), ch6 noise (SEN0232), ch7 unused
//   A1      TMP36 air temperature (temp)       A2  TMP36 in the bridge deck (road)
//   D2      PIR motion, HIGH = motion          D3  bike light barrier, LOW while broken
//   D8-D13  six parking bays' light barriers, LOW = car present (sends the occupied count)
//
// The loop never waits: no delay(), one ADC conversion per pass (about 0.1 ms), the line is
// handed to the UART only as far as its buffer has room, bike passes are counted in an
// interrupt so none is lost between frames.

#include <Arduino.h>
#include <stdlib.h>

#define FIRMWARE_VERSION "1.0"
#define MODEL "sensorik-stadt"
#define BAUD 115200UL
#define FRAME_HZ 20            // lines per second; at 115200 baud a line takes ~10 ms
#define DEBOUNCE_MS 20         // PIR and parking barriers: a new state must hold this long
#define BIKE_CLEAR_US 3000UL   // a beam break counts when the beam was clear this long before

static const unsigned long FRAME_US = 1000000UL / FRAME_HZ;

// --- analog inputs ------------------------------------------------------------------------
static const uint8_t MUX_S0 = 5, MUX_S1 = 6, MUX_S2 = 7;
static const uint8_t MUX_CHANNELS = 7;                       // ch7 is unused
static const char *const MUX_KEYS[MUX_CHANNELS] = {
  "light", "soil", "bin", "co2", "hum", "water", "noise"};
static uint16_t muxCounts[MUX_CHANNELS];
static uint8_t muxChannel;        // the channel the select lines choose right now
static uint16_t tempCounts, roadCounts;
static uint8_t analogStep;        // which conversion this pass of loop() makes

// --- digital inputs -----------------------------------------------------------------------
static const uint8_t PIR_PIN = 2, BIKE_PIN = 3, FIRST_BAY_PIN = 8, BAYS = 6;
static const uint8_t DEBOUNCED = 1 + BAYS;                   // PIR, then the six bays

struct Debounced {
  uint8_t pin;
  uint8_t stable;     // the state reported
  uint8_t candidate;  // the last raw state seen
  unsigned long since;
};
static Debounced inputs[DEBOUNCED];

static volatile unsigned long bikePasses;
static volatile unsigned long bikeRoseUs;   // when the beam last became clear
static volatile uint8_t bikeClear;

// --- output -------------------------------------------------------------------------------
static char out[160];             // the line being sent
static uint8_t outLen, outPos;
static bool helloWanted;
static unsigned long lastFrameUs;

static void selectMux(uint8_t channel) {
  digitalWrite(MUX_S0, channel & 1 ? HIGH : LOW);
  digitalWrite(MUX_S1, channel & 2 ? HIGH : LOW);
  digitalWrite(MUX_S2, channel & 4 ? HIGH : LOW);
  muxChannel = channel;
}

// A change of the bike barrier: a break (falling edge) after the beam was clear for
// BIKE_CLEAR_US is one pass; bounces on either edge leave the beam clear only briefly.
static void onBikeBarrier() {
  unsigned long now = micros();
  if (digitalRead(BIKE_PIN) == HIGH) {
    bikeRoseUs = now;
    bikeClear = 1;
  } else {
    if (bikeClear && now - bikeRoseUs >= BIKE_CLEAR_US) bikePasses++;
    bikeClear = 0;
  }
}

// One conversion per pass: A0 for the channel selected on an earlier pass (the mux has
// settled since), then the next channel is selected; A1 and A2 in between.
static void readAnalog() {
  switch (analogStep) {
    case 0:
      muxCounts[muxChannel] = analogRead(A0);
      selectMux((muxChannel + 1) % MUX_CHANNELS);
      break;
    case 1:
      tempCounts = analogRead(A1);
      break;
    default:
      roadCounts = analogRead(A2);
      break;
  }
  analogStep = analogStep >= 2 ? 0 : analogStep + 1;
}

static void readDigital(unsigned long nowMs) {
  for (uint8_t i = 0; i < DEBOUNCED; i++) {
    Debounced &in = inputs[i];
    uint8_t raw = digitalRead(in.pin);
    if (raw != in.candidate) {
      in.candidate = raw;
      in.since = nowMs;
    } else if (raw != in.stable && nowMs - in.since >= DEBOUNCE_MS) {
      in.stable = raw;
    }
  }
}

static void append(const char *text) {
  while (*text && outLen < sizeof(out) - 1) out[outLen++] = *text++;
}

static void appendPair(const char *key, unsigned long value) {
  char digits[11];
  if (outLen) append(" ");
  append(key);
  append("=");
  append(ultoa(value, digits, 10));
}

static void buildFrame() {
  outLen = outPos = 0;
  for (uint8_t ch = 0; ch < MUX_CHANNELS; ch++) appendPair(MUX_KEYS[ch], muxCounts[ch]);
  appendPair("temp", tempCounts);
  appendPair("road", roadCounts);
  appendPair("motion", inputs[0].stable == HIGH ? 1 : 0);
  uint8_t occupied = 0;
  for (uint8_t i = 1; i < DEBOUNCED; i++) occupied += inputs[i].stable == LOW ? 1 : 0;
  appendPair("park", occupied);
  noInterrupts();
  unsigned long passes = bikePasses;
  interrupts();
  appendPair("bike", passes);
  append("\n");
}

static void buildHello() {
  outLen = outPos = 0;
  append("#hello " MODEL " " FIRMWARE_VERSION " sensors=");
  for (uint8_t ch = 0; ch < MUX_CHANNELS; ch++) {
    append(MUX_KEYS[ch]);
    append(",");
  }
  append("temp,road,motion,park,bike\n");
}

// Hands the UART as much of the line as its buffer takes now; never waits for it.
static void sendSome() {
  int room = Serial.availableForWrite();
  while (room-- > 0 && outPos < outLen) Serial.write(out[outPos++]);
}

void setup() {
  Serial.begin(BAUD);
  pinMode(MUX_S0, OUTPUT);
  pinMode(MUX_S1, OUTPUT);
  pinMode(MUX_S2, OUTPUT);
  selectMux(0);
  pinMode(PIR_PIN, INPUT);                  // the HC-SR501 drives its output
  pinMode(BIKE_PIN, INPUT_PULLUP);          // break-beam receivers are open collector
  inputs[0].pin = PIR_PIN;
  for (uint8_t i = 0; i < BAYS; i++) {
    pinMode(FIRST_BAY_PIN + i, INPUT_PULLUP);
    inputs[1 + i].pin = FIRST_BAY_PIN + i;
  }
  for (uint8_t i = 0; i < DEBOUNCED; i++) {
    inputs[i].stable = inputs[i].candidate = digitalRead(inputs[i].pin);
  }
  bikeClear = digitalRead(BIKE_PIN) == HIGH;
  attachInterrupt(digitalPinToInterrupt(BIKE_PIN), onBikeBarrier, CHANGE);

  // status lines at boot (setup may wait for the UART; loop() never does)
  Serial.print(F("#" MODEL " firmware " FIRMWARE_VERSION "\n#rate "));
  Serial.print(FRAME_HZ);
  Serial.print(F(" Hz, 115200 baud, raw 10-bit counts\n"
                 "#pins A0=mux(S0=D5,S1=D6,S2=D7: light,soil,bin,co2,hum,water,noise) "
                 "A1=temp A2=road\n"
                 "#pins D2=motion D3=bike D8-D13=park (LOW=car), send ? for the hello\n"));
  // the hello unasked too: an Uno resets when the port opens, and a `?` sent meanwhile
  // reaches the bootloader, not us
  helloWanted = true;
  lastFrameUs = micros();
}

void loop() {
  while (Serial.available() > 0) {
    if (Serial.read() == '?') helloWanted = true;
  }
  readAnalog();
  readDigital(millis());

  bool idle = outPos >= outLen;
  if (idle && helloWanted) {
    helloWanted = false;
    buildHello();
  }
  unsigned long now = micros();
  if (now - lastFrameUs >= FRAME_US) {
    // a frame is due; when far behind (a long hello), start the rhythm again from now
    lastFrameUs = now - lastFrameUs >= 2 * FRAME_US ? now : lastFrameUs + FRAME_US;
    if (outPos >= outLen) buildFrame();      // still sending: this frame is skipped
  }
  sendSome();
}
