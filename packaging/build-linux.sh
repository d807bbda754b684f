#!/usr/bin/env bash
# Builds Digit Studio for Linux x86-64 under target/dist/: the app image (target/dist/digit-studio/) and the .deb.
#
#   packaging/build-linux.sh [--skip-maven] [--app-image-only | --deb-only]
#
#   --skip-maven      use target/digit-studio.jar and target/lib as they are
#   --app-image-only  stop after the app image
#   --deb-only        package the existing target/dist/digit-studio again (after changing packaging/linux/*)
#
# Steps: mvn package (thin jar + target/lib) → stage the jars with their native libraries unpacked into native/
# (and removed from the jars, so nothing is shipped twice and nothing is unpacked again at run time) → jpackage
# app image (jlink-trimmed runtime) → jpackage .deb from that image.
# Environment:
#   DEB_XZ_LEVEL   xz level of the .deb: 6 (default, dpkg-deb's own; ~136 MB) or 1 (~5x less CPU, ~168 MB)
#   MVN            the Maven command (default: mvn -B -q)
# Needs JDK 17+ (jpackage, jlink), unzip, zip, strip (binutils); for the .deb fakeroot and dpkg-deb.
# See packaging/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
stage=target/jpackage
input=$stage/input
image=target/dist/digit-studio

fail() { echo "build-linux.sh: $*" >&2; exit 1; }

check_tools() {
  local tool tools=(jpackage unzip zip strip)
  $deb && tools+=(fakeroot dpkg-deb)
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install -y fakeroot binutils dpkg-dev zip unzip)"
  done
  [ "$(uname -m)" = x86_64 ] || fail "only linux-x86_64 natives are packaged; this is $(uname -m)"
  local version args
  version=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml)
  for args in packaging/jpackage-common.txt packaging/jpackage-deb.txt; do
    grep -q -- "--app-version $version\$" "$args" || fail "$args: --app-version is not the pom's version $version"
  done
}

build_jar() {
  $skip_maven || ${MVN:-mvn -B -q} -DskipTests package
  [ -f target/digit-studio.jar ] && [ -d target/lib ] || fail "no target/digit-studio.jar or target/lib: run without --skip-maven"
  unzip -l target/digit-studio.jar models/digit-studio.dsm >/dev/null \
    || echo "build-linux.sh: warning: the jar has no shipped model (models/digit-studio.dsm); the app will need --model" >&2
}

# unpack_natives JAR DIR: moves the jar's shared libraries into DIR, and drops them (and C headers, cmake and
# pkg-config files, which only a compiler needs) from the jar.
unpack_natives() {
  local jar=$1 dir=$2
  grep -Eq '\.so(\.[0-9]+)*$' <<<"$(unzip -Z1 "$jar")" || return 0
  unzip -q -j -o "$jar" '*.so*' -d "$dir"
  zip -q -d "$jar" '*.so' '*.so.*' '*/include/*' '*/lib/cmake/*' '*/lib/pkgconfig/*' >/dev/null || true
}

# The jpackage input: digit-studio.jar, lib/*.jar without native libraries, and
#   native/          JavaCPP, OpenBLAS (+ its GCC runtime), JavaFX, JNA
#   native/avx2/     ND4J's oneDNN/AVX2 build      } com.digitstudio.NativeLibraries picks one by CPU
#   native/generic/  ND4J's build for any x86-64   }
stage_input() {
  rm -rf "$stage" target/dist
  mkdir -p "$input/lib" "$input/native/avx2" "$input/native/generic" target/dist
  cp target/digit-studio.jar "$input/"
  local jar name
  for jar in target/lib/*.jar; do
    name=$(basename "$jar")
    case "$name" in
      # oneDNN is linked statically into ND4J's onednn-avx2 build: nothing loads this jar's libdnnl.so
      dnnl-*-linux-x86_64.jar) continue ;;
    esac
    cp "$jar" "$input/lib/"
    case "$name" in
      nd4j-native-*-linux-x86_64-onednn-avx2.jar) unpack_natives "$input/lib/$name" "$input/native/avx2" ;;
      nd4j-native-*-linux-x86_64.jar) unpack_natives "$input/lib/$name" "$input/native/generic" ;;
      *-linux-x86_64.jar | javafx-*-linux.jar) unpack_natives "$input/lib/$name" "$input/native" ;;
      # JNA (oshi's) carries its stub for ten platforms: keep linux-x86-64's, unpacked
      jna-[0-9]*.jar)
        unzip -q -j -o "$input/lib/$name" 'com/sun/jna/linux-x86-64/libjnidispatch.so' -d "$input/native"
        zip -q -d "$input/lib/$name" 'com/sun/jna/*/*jnidispatch*' >/dev/null ;;
    esac
  done

  # OpenBLAS ships as libopenblas.so.0, which JavaCPP loads under the name libopenblas_nolapack.so.0 by copying it
  # into its cache ("openblas@.0#openblas_nolapack@.0"). Installed under that second name, it is loaded from here,
  # and with no libopenblas.so.0 in the folder there is nothing to copy; the libraries that need libopenblas.so.0
  # get the loaded one (it is its soname).
  mv "$input/native/libopenblas.so.0" "$input/native/libopenblas_nolapack.so.0"
  # Symbol tables (what `strip --strip-unneeded` removes) are not needed to run: ~60 MB less.
  find "$input/native" -name '*.so*' -exec strip --strip-unneeded {} +
  chmod 0644 "$input"/native/*.so* "$input"/native/*/*.so*

  local lib
  for lib in libjnijavacpp.so libjnidispatch.so libjniopenblas_nolapack.so libopenblas_nolapack.so.0 \
             libgfortran.so.5 libglass.so avx2/libnd4jcpu.so avx2/libjnind4jcpu.so generic/libnd4jcpu.so \
             generic/libjnind4jcpu.so; do
    [ -f "$input/native/$lib" ] || fail "staging: native/$lib is missing"
  done
  if unzip -l "$input/lib/*.jar" 2>/dev/null | grep -E '\.(so(\.[0-9]+)*|dll|dylib|jnilib|a)$'; then
    fail "staging: a jar still holds a native library (listed above)"
  fi
}

build_app_image() {
  echo "Building the app image (jlink + jpackage)..."
  jpackage @packaging/jpackage-common.txt @packaging/jpackage-linux.txt \
    --type app-image --input "$input" --dest target/dist
  echo "App image: $image ($(du -sh "$image" | cut -f1))"
}

build_deb() {
  [ -x "$image/bin/digit-studio" ] || fail "no app image in $image"
  rm -f target/dist/*.deb
  echo "Building the .deb (dpkg-deb, xz -${DEB_XZ_LEVEL:-6})..."
  # jpackage runs dpkg-deb, which reads its compression settings from the environment
  DPKG_DEB_COMPRESSOR_TYPE=xz DPKG_DEB_COMPRESSOR_LEVEL=${DEB_XZ_LEVEL:-6} \
    jpackage @packaging/jpackage-deb.txt --type deb --app-image "$image" --dest target/dist
  ls -l target/dist/*.deb
}

skip_maven=false app_image=true deb=true
for arg in "$@"; do
  case "$arg" in
    --skip-maven) skip_maven=true ;;
    --app-image-only) deb=false ;;
    --deb-only) app_image=false ;;
    *) echo "usage: packaging/build-linux.sh [--skip-maven] [--app-image-only | --deb-only]" >&2; exit 2 ;;
  esac
done

check_tools
if $app_image; then
  build_jar
  stage_input
  build_app_image
fi
if $deb; then
  build_deb
fi
