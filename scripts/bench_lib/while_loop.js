let i = 0;
let total = 0;
while (i < 10000000) {
  total = total + i;
  i = i + 1;
}
console.log(total);
